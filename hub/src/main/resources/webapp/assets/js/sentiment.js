// A customer message's sentiment as a control: the chip opens negative / neutral / positive (and
// "Undo correction" once a person corrected it); keys 1 / 2 / 3 / u do the same on the focused message.
import {el, staffName} from './dom.js';

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'];

/** Key -> label, for the message that has the focus. */
export const SENTIMENT_KEYS = {1: 'negative', 2: 'neutral', 3: 'positive'};

/** The chip's id for a message: render() puts the focus back on it by id. */
export function sentimentChipId(messageId) {
  return 'sentiment-' + messageId;
}

/**
 * @param m the message
 * @param open whether its choices are shown
 * @param actions {toggle(), pick(label), undo()}
 */
export function sentimentControl(m, open, actions) {
  const s = m.sentiment;
  if (!s || !s.label) return null;
  const shown = s.scored === false && !s.corrected ? 'unscored' : s.label;
  const by = s.corrected ? ', corrected by ' + staffName(s.correctedBy) + ' (the analyser said ' + s.original?.label + ')' : '';
  const chip = el('button', {type: 'button', id: sentimentChipId(m.id), class: 'badge sentiment-control sentiment-' + shown,
    'aria-expanded': open ? 'true' : 'false', 'aria-controls': open ? 'sentiment-choices-' + m.id : null,
    title: 'Sentiment ' + (typeof s.compound === 'number' ? s.compound.toFixed(2) : '') + by + '. Change: 1 / 2 / 3, undo: u',
    onclick: actions.toggle},
  el('span', {class: 'visually-hidden'}, 'Sentiment: '), shown, s.corrected ? el('span', {class: 'corrected-mark'}, ' · corrected') : null);
  if (!open) return chip;
  const choices = el('span', {class: 'sentiment-choices', id: 'sentiment-choices-' + m.id, role: 'group',
    'aria-label': 'Set the sentiment of this message'},
  SENTIMENT_LABELS.map((label, index) => el('button', {type: 'button', class: 'badge sentiment-' + label,
    'aria-pressed': s.corrected && s.label === label ? 'true' : 'false', onclick: () => actions.pick(label)},
  label, ' ', el('kbd', {}, String(index + 1)))),
  s.corrected ? el('button', {type: 'button', class: 'badge', onclick: actions.undo}, 'Undo correction ', el('kbd', {}, 'u')) : null);
  choices.addEventListener('keydown', event => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      actions.toggle();
    }
  });
  return el('span', {class: 'sentiment-editor'}, chip, choices);
}
