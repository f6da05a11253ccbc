// One conversation: the thread, reply, internal notes, status, assignee, tags, "also viewing".
import {call, post} from './api.js';
import {el, fill, time, channelIcon, identityLabel, staffName, announce, USERNAME_PATTERN} from './dom.js';
import {CHANNEL_NAMES} from './icons.js';
import {sentimentControl, sentimentChipId, SENTIMENT_KEYS} from './sentiment.js';

const PRESENCE_EVERY_MS = 10_000;
/** Messages a conversation opens with, and how many more each "Show older messages" adds. */
const NEWEST_SHOWN = 100;
const OLDER_PAGE = 100;
/** Pages read back to join a reloaded conversation to the older messages already shown, or to find a search hit. */
const MOST_PAGES_BACK = 30;

/** The channels a reply can go out on, for each kind of identity the customer has. */
const REPLY_CHANNELS_BY_IDENTITY = {email: ['email'], phone: ['sms'], x: ['x'], portal: ['portal']};

export class ConversationView {
  constructor(session, onCustomer) {
    this.session = session;
    this.onCustomer = onCustomer;
    this.pane = document.getElementById('conversation');
    this.conversation = null;
    this.etag = null;
    // numbers each load of a conversation: an answer that arrives after a later load began is old
    this.loads = 0;
    // unsent reply and note text per conversation, kept while the agent looks elsewhere
    this.drafts = new Map();
  }

  /** @param foundMessageId a message to scroll to and mark (a search result's), or null */
  async open(id, foundMessageId = null) {
    this.stopPresence();
    const load = ++this.loads;
    const {body, etag} = await this.newest(id);
    if (load !== this.loads) return;
    this.conversation = body;
    this.olderLeft = body.olderMessages || 0;
    this.etag = etag;
    this.foundMessageId = foundMessageId;
    if (foundMessageId) await this.showOlderUntil(() => this.shows(foundMessageId));
    if (load !== this.loads) return;
    this.render();
    this.showFound();
    this.onCustomer(body.customer?.id || null);
    this.startPresence(id);
  }

  async reloadIfOpen(id) {
    if (!this.conversation || this.conversation.id !== id) return;
    const load = ++this.loads;
    const {body, etag} = await this.newest(id);
    const adopted = load === this.loads ? await this.joined(body) : null;
    if (load !== this.loads) return;
    this.show(adopted, etag);
  }

  newest(id) {
    return call('GET', '/api/v1/conversations/' + encodeURIComponent(id) + '?messages=' + NEWEST_SHOWN);
  }

  olderPage(id, beforeId) {
    return call('GET', '/api/v1/conversations/' + encodeURIComponent(id) + '/messages?limit=' + OLDER_PAGE
      + '&before=' + encodeURIComponent(beforeId)).then(answer => answer.body);
  }

  shows(messageId) {
    return (this.conversation.messages || []).some(message => message.id === messageId);
  }

  show({conversation, olderLeft}, etag) {
    this.conversation = conversation;
    this.olderLeft = olderLeft;
    this.etag = etag;
    this.render();
  }

  /**
   * A newer copy of the open conversation (its newest messages) with the older ones the agent
   * already read back to: joined where the two meet, read back to there when more new messages
   * came than the copy holds.
   */
  async joined(body) {
    const shown = this.conversation.messages || [];
    let messages = body.messages || [];
    let olderLeft = body.olderMessages || 0;
    if (!(this.olderLeft < olderLeft) || messages.length === 0) return {conversation: body, olderLeft};
    const shownIds = new Set(shown.map(message => message.id));
    const meeting = () => messages.findIndex(message => shownIds.has(message.id));
    for (let page = 0; page < MOST_PAGES_BACK && olderLeft > 0 && meeting() < 0; page++) {
      const back = await this.olderPage(body.id, messages[0].id);
      messages = back.items.concat(messages);
      olderLeft = back.olderMessages;
    }
    const at = meeting();
    if (at >= 0) {
      const from = shown.findIndex(message => message.id === messages[at].id);
      messages = shown.slice(0, from).concat(messages.slice(at));
      olderLeft = this.olderLeft;
    }
    return {conversation: {...body, messages}, olderLeft};
  }

  /** Reads older pages into the open conversation until done() holds or nothing older is left (bounded). */
  async showOlderUntil(done) {
    for (let page = 0; page < MOST_PAGES_BACK && !done() && this.olderLeft > 0; page++) {
      if (!await this.readOlder()) return;
    }
  }

  /** The page before the first message shown, put in front; false when another load replaced the conversation meanwhile. */
  async readOlder() {
    const c = this.conversation;
    const back = await this.olderPage(c.id, c.messages[0].id);
    if (this.conversation !== c) return false;
    c.messages = back.items.concat(c.messages);
    this.olderLeft = back.olderMessages;
    return true;
  }

  /** "Show older messages": the page before the first shown, the focus on its last message. */
  async showOlder() {
    const before = this.conversation.messages[0]?.id;
    try {
      if (!await this.readOlder()) return;
    } catch (failure) {
      announce('Older messages could not be read: ' + failure.message);
      return;
    }
    this.render();
    const previous = this.pane.querySelector('.message[data-id="' + CSS.escape(before) + '"]')?.previousElementSibling;
    if (previous) {
      previous.tabIndex = -1;
      previous.focus();
    }
  }

  draftOf(id) {
    if (!this.drafts.has(id)) this.drafts.set(id, {reply: '', note: ''});
    return this.drafts.get(id);
  }

  /** Scrolls the message a search result opened to the middle of the pane and moves focus there. */
  showFound() {
    if (!this.foundMessageId) return;
    const message = this.pane.querySelector('.message[data-id="' + CSS.escape(this.foundMessageId) + '"]');
    if (!message) return;
    const pane = this.pane.getBoundingClientRect();
    const box = message.getBoundingClientRect();
    if (this.pane.scrollHeight > this.pane.clientHeight) {
      // the pane alone scrolls: scrollIntoView would also move the page under the top bar
      this.pane.scrollTop += box.top - pane.top - Math.max(0, (this.pane.clientHeight - box.height) / 2);
    } else {
      message.scrollIntoView({block: 'center'});
    }
    message.focus({preventScroll: true});
  }

  close() {
    this.stopPresence();
    this.conversation = null;
    this.foundMessageId = null;
    fill(this.pane, el('p', {class: 'muted empty'}, 'Pick a conversation (j / k to move, Enter to open).'));
  }

  render() {
    const c = this.conversation;
    const focused = this.pane.contains(document.activeElement) ? document.activeElement.id : null;
    fill(this.pane,
      el('header', {class: 'conversation-header'},
        el('h2', {id: 'conversation-title'}, channelIcon(c.channel), ' ', c.subject || c.preview || 'Conversation'),
        el('p', {class: 'muted'}, c.customerName || 'Unknown customer', ' · ', c.messageCount, c.messageCount === 1 ? ' message · started ' : ' messages · started ', time(c.createdAt)),
        el('p', {id: 'also-viewing', class: 'also-viewing', role: 'status', hidden: true}),
        this.controls(c)),
      this.olderLeft > 0 ? el('button', {type: 'button', id: 'older-messages', class: 'older-messages',
        onclick: () => this.showOlder()}, 'Show older messages (' + this.olderLeft + ' more)') : null,
      el('ol', {class: 'thread', 'aria-label': 'Messages'}, (c.messages || []).map(message => this.message(message))),
      this.replyForm(c),
      this.noteForm());
    if (focused) this.pane.querySelector('#' + CSS.escape(focused))?.focus();
  }

  controls(c) {
    const status = el('select', {id: 'status-select', 'aria-label': 'Status'},
      ['open', 'pending', 'closed'].map(value => el('option', {value, selected: value === c.status}, value)));
    status.addEventListener('change', () => this.update({status: status.value}));
    const assignee = el('input', {id: 'assignee-input', value: c.assignee || '', maxlength: 64,
      pattern: USERNAME_PATTERN + '*', placeholder: 'unassigned', 'aria-label': 'Assignee'});
    const tags = el('input', {id: 'tags-input', value: (c.tags || []).join(', '), maxlength: 400,
      placeholder: 'tags, comma separated', 'aria-label': 'Tags'});
    const form = el('form', {class: 'controls', 'aria-label': 'Conversation settings'},
      el('label', {}, 'Status ', status),
      el('label', {}, 'Assignee ', assignee),
      el('button', {type: 'button', onclick: () => this.update({assignee: this.session.username})}, 'Assign to me'),
      el('label', {}, 'Tags ', tags),
      el('button', {type: 'submit'}, 'Save'),
      el('p', {class: 'error', role: 'alert', id: 'controls-error'}));
    form.addEventListener('submit', event => {
      event.preventDefault();
      this.update({
        assignee: assignee.value.trim(),
        tags: [...new Set(tags.value.split(',').map(tag => tag.trim()).filter(Boolean))],
      });
    });
    return form;
  }

  message(m) {
    const internal = m.direction === 'internal';
    const who = internal ? ['Note by ', staffName(m.sentBy)]
      : m.direction === 'outbound' ? ['Reply by ', staffName(m.sentBy), m.to ? [' to ', identityLabel(m.to)] : null]
        : [m.fromName ? m.fromName + ' ' : '', m.from ? ['(', identityLabel(m.from), ')'] : null];
    const recordedOnly = m.direction === 'outbound' && m.metadata?.recordedOnly === true;
    const found = m.id === this.foundMessageId;
    return el('li', {class: 'message ' + m.direction + (found ? ' found' : ''), dataset: {id: m.id}, tabindex: found ? -1 : null},
      el('div', {class: 'message-meta'},
        channelIcon(m.channel),
        el('span', {class: 'message-from'}, who),
        internal ? el('span', {class: 'badge note'}, 'internal note') : null,
        found ? el('span', {class: 'badge found'}, 'found by search') : null,
        m.status && !recordedOnly ? el('span', {class: 'badge delivery-' + m.status}, m.status) : null,
        recordedOnly ? el('span', {class: 'badge not-sent', title: 'Demo mode: no connector for this channel is configured'},
          'demo: recorded, not sent anywhere') : null,
        m.direction === 'inbound' ? sentimentControl(m, this.sentimentOpen === m.id, {
          toggle: () => this.toggleSentiment(m.id),
          pick: label => this.setSentiment(m.id, label),
          undo: () => this.setSentiment(m.id, null),
        }) : null,
        time(m.receivedAt)),
      m.subject && m.subject !== this.conversation.subject ? el('p', {class: 'message-subject'}, m.subject) : null,
      el('p', {class: 'message-text'}, m.text || (m.html ? '' : '(no text)')),
      m.error ? el('p', {class: 'error'}, 'Not delivered: ', m.error) : null,
      m.html ? this.htmlPart(m) : null,
      attachmentList(m));
  }

  /** HTML mail in a sandboxed frame from the hub's mail route: no scripts, remote images on request. */
  htmlPart(m) {
    const base = '/mail/' + encodeURIComponent(this.conversation.id) + '/' + encodeURIComponent(m.id);
    const holder = el('div', {class: 'html-part'});
    const showImages = el('button', {type: 'button', class: 'show-images'}, 'Show images');
    const frame = el('iframe', {class: 'mail-frame', title: 'HTML version of the message', sandbox: '',
      referrerpolicy: 'no-referrer', loading: 'lazy', src: base});
    showImages.addEventListener('click', () => {
      frame.src = base + '?images=1';
      showImages.disabled = true;
      showImages.textContent = 'Images shown';
    });
    holder.append(el('div', {class: 'html-part-bar'}, el('span', {class: 'muted'}, 'HTML mail, images from outside blocked'), showImages), frame);
    return holder;
  }

  replyForm(c) {
    const draft = this.draftOf(c.id);
    const text = el('textarea', {id: 'reply-text', name: 'text', rows: 4, maxlength: 1600, required: true,
      oninput: () => { draft.reply = text.value; }});
    text.value = draft.reply;
    const channels = replyChannels(c);
    const preferred = c.channel === 'phone' ? 'sms' : c.channel;
    const picker = channels.length === 0 ? el('p', {class: 'muted'}, 'No way to reach this customer.')
      : el('label', {}, 'Send by ', el('select', {id: 'reply-channel', name: 'channel'},
        channels.map(channel => el('option', {value: channel, selected: channel === preferred}, CHANNEL_NAMES[channel]))));
    const error = el('p', {class: 'error', role: 'alert'});
    const form = el('form', {class: 'reply-form', 'aria-label': 'Reply'},
      el('label', {for: 'reply-text'}, 'Reply to the customer ', el('kbd', {}, 'r')),
      text, el('div', {class: 'form-row'}, picker,
        el('button', {type: 'submit', class: 'primary', disabled: channels.length === 0}, 'Send reply')), error);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      error.textContent = '';
      const body = {text: text.value};
      const channel = form.querySelector('#reply-channel')?.value;
      if (channel) body.channel = channel;
      try {
        await post('/api/v1/conversations/' + encodeURIComponent(c.id) + '/replies', body);
        draft.reply = '';
        await this.reloadIfOpen(c.id);
      } catch (failure) {
        await this.reloadIfOpen(c.id).catch(() => {});
        const shown = this.pane.querySelector('.reply-form .error');
        if (shown) shown.textContent = 'Not sent: ' + failure.message;
      }
    });
    return form;
  }

  noteForm() {
    const draft = this.draftOf(this.conversation.id);
    const text = el('textarea', {id: 'note-text', name: 'text', rows: 2, maxlength: 4000, required: true,
      oninput: () => { draft.note = text.value; }});
    text.value = draft.note;
    const error = el('p', {class: 'error', role: 'alert'});
    const form = el('form', {class: 'note-form', 'aria-label': 'Internal note'},
      el('label', {for: 'note-text'}, 'Internal note (never shown to the customer) ', el('kbd', {}, 'n')),
      text, el('div', {class: 'form-row'}, el('button', {type: 'submit'}, 'Add note')), error);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      try {
        await post('/api/v1/conversations/' + encodeURIComponent(this.conversation.id) + '/notes', {text: text.value});
        draft.note = '';
        await this.reloadIfOpen(this.conversation.id);
      } catch (failure) {
        error.textContent = failure.message;
      }
    });
    return form;
  }

  async update(changes) {
    const id = this.conversation.id;
    try {
      const load = ++this.loads;
      const {body, etag} = await call('PATCH', '/api/v1/conversations/' + encodeURIComponent(id), changes,
        this.etag ? {'If-Match': this.etag} : {});
      const adopted = load === this.loads ? await this.joined(body) : null;
      if (load !== this.loads) return;
      this.show(adopted, etag);
      this.showViewers(this.viewers || []);
    } catch (failure) {
      await this.reloadIfOpen(id).catch(() => {});
      const error = this.pane.querySelector('#controls-error');
      if (error) error.textContent = failure.status === 412 ? 'Someone changed it meanwhile; reloaded, try again.' : failure.message;
    }
  }

  /** Opens or closes a message's sentiment choices, keeping the focus on its chip. */
  toggleSentiment(messageId) {
    this.sentimentOpen = this.sentimentOpen === messageId ? null : messageId;
    this.render();
    this.focusSentiment(messageId);
  }

  focusSentiment(messageId) {
    this.pane.querySelector('#' + CSS.escape(sentimentChipId(messageId)))?.focus();
  }

  /** Corrects a customer message's sentiment to {@code label}; null undoes the correction. */
  async setSentiment(messageId, label) {
    const id = this.conversation.id;
    const path = '/api/v1/conversations/' + encodeURIComponent(id) + '/messages/' + encodeURIComponent(messageId) + '/sentiment';
    try {
      const {body} = label ? await call('PUT', path, {label}) : await call('DELETE', path);
      this.sentimentOpen = null;
      await this.reloadIfOpen(id);
      this.focusSentiment(messageId);
      announce(label ? 'Sentiment set to ' + body.label : 'Correction undone: ' + body.label);
    } catch (failure) {
      const error = this.pane.querySelector('#controls-error');
      if (error) error.textContent = 'Sentiment not changed: ' + failure.message;
    }
  }

  /** Keys 1 / 2 / 3 / u on the customer message that has the focus; false when none has it. */
  sentimentKey(key) {
    const item = document.activeElement?.closest?.('li.message.inbound');
    if (!item || !this.conversation || !this.pane.contains(item)) return false;
    const message = (this.conversation.messages || []).find(m => m.id === item.dataset.id);
    if (!message?.sentiment) return false;
    if (key === 'u') {
      if (message.sentiment.corrected) this.setSentiment(message.id, null);
    } else {
      this.setSentiment(message.id, SENTIMENT_KEYS[key]);
    }
    return true;
  }

  focusReply() {
    this.pane.querySelector('#reply-text')?.focus();
  }

  focusNote() {
    this.pane.querySelector('#note-text')?.focus();
  }

  closeConversation() {
    if (this.conversation && this.conversation.status !== 'closed') this.update({status: 'closed'});
  }

  startPresence(id) {
    const beat = () => post('/api/v1/conversations/' + encodeURIComponent(id) + '/presence')
      .then(result => this.showViewers(result.viewers))
      .catch(() => {});
    beat();
    this.presenceTimer = setInterval(beat, PRESENCE_EVERY_MS);
  }

  stopPresence() {
    clearInterval(this.presenceTimer);
    this.viewers = [];
  }

  showViewers(viewers) {
    this.viewers = viewers;
    const others = viewers.filter(name => name !== this.session.username);
    const line = this.pane.querySelector('#also-viewing');
    if (!line) return;
    line.hidden = others.length === 0;
    line.textContent = others.length ? 'Also viewing: ' + others.join(', ') : '';
  }

  onPresence(data) {
    if (this.conversation && data.conversationId === this.conversation.id) this.showViewers(data.viewers || []);
  }
}

/**
 * Every channel the customer can be reached on, from their identities: email, SMS to a phone,
 * X, the portal, and Messenger or Instagram (a Meta id belongs to the platform it came from).
 */
function replyChannels(c) {
  const types = new Set((c.customer?.identities || []).map(identity => identity.split(':')[0]));
  const channels = [...types].flatMap(type => REPLY_CHANNELS_BY_IDENTITY[type] || []);
  if (types.has('meta')) channels.push(c.channel === 'instagram' ? 'instagram' : 'messenger');
  const order = Object.keys(CHANNEL_NAMES);
  return [...new Set(channels)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** Files of a message (mail attachments, a portal upload): downloads, or why one was not kept. */
function attachmentList(m) {
  const metadata = m.metadata || {};
  const files = [...(Array.isArray(metadata.attachments) ? metadata.attachments : []),
    ...(metadata.attachment && typeof metadata.attachment === 'object' ? [metadata.attachment] : [])];
  if (files.length === 0) return null;
  return el('ul', {class: 'attachments', 'aria-label': 'Attachments'}, files.map(file => {
    const name = String(file.filename || 'attachment');
    const size = Number.isFinite(file.size) ? ' (' + formatSize(file.size) + ')' : '';
    return el('li', {},
      typeof file.id === 'string' && file.stored !== false
        ? el('a', {href: '/api/v1/attachments/' + encodeURIComponent(file.id), download: name}, name + size)
        : el('span', {class: 'muted'}, name + size + ' — not kept: ' + String(file.note || 'too large')));
  }));
}

function formatSize(bytes) {
  return bytes < 1024 ? bytes + ' B' : bytes < 1024 * 1024 ? Math.round(bytes / 1024) + ' KiB'
    : (bytes / 1024 / 1024).toFixed(1) + ' MiB';
}
