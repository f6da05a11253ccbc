// Possible duplicates: pairs of customer records that may be one person, each with why, a way to
// the merge preview and a way to say "not the same person" so the pair is not suggested again.
import {get, post, query} from './api.js';
import {el, fill, time, identityLabel} from './dom.js';

/** One reason in words: "both have +1 415-555-0100", "same name, Robert Chen, both at example.net". */
export function reasonInWords(reason) {
  if (reason.kind === 'same-identity' && reason.identity) return ['both records have ', identityLabel(reason.identity)];
  if (reason.kind === 'same-name-and-domain') return ['same name, ' + reason.name + ', and both write from @' + reason.domain];
  return [reason.why || 'possibly the same person'];
}

export const STRENGTH_WORDS = {strong: 'likely: same identity', weak: 'possible: name and domain'};

/** Suggestions of one customer, or all of them a page at a time. */
export async function duplicatePage(customerId, cursor) {
  return get('/api/v1/duplicate-customers' + query({customerId, cursor, limit: 50}));
}

export async function notTheSame(customerId, otherCustomerId) {
  await post('/api/v1/duplicate-customers/dismissals', {customerId, otherCustomerId});
}

/** The "Possible duplicates" page (for agents and admins alike: it needs the read scope only). */
export async function showDuplicates(body) {
  const list = el('ul', {class: 'duplicates', id: 'duplicate-list'});
  const more = el('button', {type: 'button', id: 'duplicates-more', hidden: true}, 'Load more');
  const status = el('p', {class: 'error', role: 'alert'});
  let cursor = null;
  const load = async () => {
    const page = await duplicatePage(undefined, cursor);
    page.items.forEach(suggestion => list.append(duplicateItem(suggestion, status)));
    cursor = page.nextCursor || null;
    more.hidden = !cursor;
    if (!list.children.length) fill(list, el('li', {class: 'muted'}, 'No possible duplicates right now.'));
  };
  more.addEventListener('click', () => load().catch(failure => { status.textContent = failure.message; }));
  fill(body, el('h2', {}, 'Possible duplicates'),
    el('p', {class: 'muted'}, 'Records that may be one person: the same email, phone or social id on two records ',
      '(likely), or the same name with an address at the same company domain (possible).'),
    status, list, more);
  await load();
}

function customerLink(customer) {
  return el('a', {href: '#/customer/' + encodeURIComponent(customer.id), title: customer.id}, customer.name || 'Unnamed customer');
}

function duplicateItem(suggestion, status) {
  const [first, second] = suggestion.customers;
  const item = el('li', {class: 'card duplicate', 'data-id': suggestion.id},
    el('p', {}, customerLink(first), ' and ', customerLink(second), ' ',
      el('span', {class: 'badge strength-' + suggestion.strength}, STRENGTH_WORDS[suggestion.strength] || suggestion.strength)),
    el('ul', {class: 'reasons'}, suggestion.reasons.map(reason => el('li', {}, ...reasonInWords(reason)))),
    el('p', {class: 'muted'}, 'Suggested ', time(suggestion.since)),
    el('div', {class: 'form-row'},
      el('a', {class: 'button', href: '#/customer/' + encodeURIComponent(first.id) + '/merge/' + encodeURIComponent(second.id)},
        'Preview merge'),
      el('button', {type: 'button', onclick: async () => {
        try {
          await notTheSame(first.id, second.id);
          item.remove();
        } catch (failure) {
          status.textContent = failure.message;
        }
      }}, 'Not the same person')));
  return item;
}
