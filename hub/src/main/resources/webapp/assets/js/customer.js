// The customer beside the conversation: identities and why each is linked, every conversation
// on every channel as one timeline, the sentiment trend, merge (with a preview) and split.
import {call, get, post} from './api.js';
import {el, fill, svg, time, channelIcon, sentimentBadge, identityLabel, staffName} from './dom.js';
import {CHANNEL_NAMES} from './icons.js';
import {duplicatePage, notTheSame, reasonInWords, STRENGTH_WORDS} from './duplicates.js';

export class CustomerPanel {
  /** @param session the signed-in staff user: admins also get "Export data" */
  constructor(session, onOpenConversation) {
    this.pane = document.getElementById('customer');
    this.session = session;
    this.onOpenConversation = onOpenConversation;
    this.customer = null;
  }

  async show(id) {
    if (!id) {
      this.customer = null;
      fill(this.pane, el('p', {class: 'muted'}, 'No customer record (withheld caller).'));
      return;
    }
    const [customer, duplicates] = await Promise.all([get('/api/v1/customers/' + encodeURIComponent(id)),
      duplicatePage(id)]);
    this.customer = customer;
    this.duplicates = duplicates.items;
    this.render();
  }

  async refreshIf(ids) {
    if (this.customer && ids.includes(this.customer.id)) await this.show(this.customer.id);
  }

  /** A change to one of the shown customer's conversations (a status, a new message) shows at once. */
  async refreshIfShows(customerId, conversationId) {
    if (!this.customer) return;
    if (customerId === this.customer.id || this.customer.conversations.some(c => c.id === conversationId)) {
      await this.show(this.customer.id);
    }
  }

  render() {
    const c = this.customer;
    fill(this.pane,
      el('h2', {id: 'customer-name'}, c.name || 'Unnamed customer'),
      el('p', {class: 'muted'}, 'Customer since ', time(c.createdAt), ' ',
        el('button', {type: 'button', class: 'link copy-id', id: 'copy-customer-id', title: 'Customer id ' + c.id,
          onclick: event => copyId(event.target, c.id)}, 'Copy id')),
      this.exportLink(),
      this.eraseForm(),
      c.mergedInto ? el('p', {class: 'notice'}, 'Merged into ', el('a', {href: '#/customer/' + encodeURIComponent(c.mergedInto),
        title: c.mergedInto}, 'another customer record')) : null,
      el('h3', {}, 'Identities'),
      el('ul', {class: 'identities'}, c.identities.map(identity => el('li', {},
        el('span', {class: 'identity'}, identityLabel(identity.identity || identity.type + ':' + identity.value)),
        el('span', {class: 'provenance muted', title: identity.provenance?.messageId ? 'contact ' + identity.provenance.messageId : null},
          provenance(identity.provenance))))),
      el('h3', {}, 'Sentiment trend'),
      trendChart(c.sentimentTrend),
      el('h3', {}, 'Conversations on every channel'),
      el('ol', {class: 'timeline'}, c.conversations.map(conversation => el('li', {},
        el('a', {href: '#/c/' + encodeURIComponent(conversation.id)},
          channelIcon(conversation.channel), ' ', conversation.subject || conversation.preview || '(no text)'),
        ' ', el('span', {class: 'badge status-' + conversation.status}, conversation.status),
        ' ', sentimentBadge(conversation.sentiment), ' ', time(conversation.lastActivityAt)))),
      this.suggestions(),
      this.mergeForm(),
      this.mergeHistory());
  }

  /**
   * Admins download everything held about the customer as a ZIP (a plain link: the session cookie
   * authenticates the GET). A record merged into another has nothing of its own left to export:
   * the survivor's export includes it.
   */
  exportLink() {
    const c = this.customer;
    if (this.session.role !== 'admin' || c.mergedInto) return null;
    return el('p', {},
      el('a', {class: 'button', id: 'export-customer', href: '/api/v1/customers/' + encodeURIComponent(c.id) + '/export',
        download: 'customer-' + c.id + '.zip'}, 'Export data'),
      ' ', el('span', {class: 'muted'}, 'everything held about this customer, as a ZIP'));
  }

  /**
   * Admins erase the customer (and every record merged into it) for good, giving a reason and
   * ticking that they mean it; the hub answers at once and erases in the background.
   */
  eraseForm() {
    const c = this.customer;
    if (this.session.role !== 'admin' || c.mergedInto) return null;
    const status = el('p', {role: 'status', id: 'erase-status'});
    const form = el('form', {class: 'card', id: 'erase-customer', 'aria-label': 'Erase this customer'},
      el('label', {}, 'Reason (kept with the erasure; no personal data) ',
        el('input', {name: 'reason', required: true, maxlength: 500})),
      el('label', {}, el('input', {name: 'sure', type: 'checkbox', required: true}),
        ' Erase everything held about this customer and the records merged into it; this cannot be undone'),
      el('button', {type: 'submit', class: 'danger'}, 'Erase customer'),
      status);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      const button = form.querySelector('button');
      button.disabled = true;
      try {
        const erasure = (await call('DELETE', '/api/v1/customers/' + encodeURIComponent(c.id),
          {reason: form.elements.reason.value})).body;
        fill(status, 'Erasure ' + erasure.id + ' is under way; ', el('a', {href: '#/admin/privacy'}, 'see erasures'), '.');
      } catch (failure) {
        button.disabled = false;
        fill(status, el('span', {class: 'error'}, failure.message));
      }
    });
    return el('details', {class: 'erase'}, el('summary', {}, 'Erase customer…'), form);
  }

  /** Possible duplicates of this customer, each with why, the merge preview and "not the same person". */
  suggestions() {
    const suggestions = this.duplicates || [];
    if (!suggestions.length || this.customer.mergedInto) return null;
    return el('div', {},
      el('h3', {}, 'Possibly the same person'),
      el('ul', {class: 'merge-suggestions'}, suggestions.map(suggestion => {
        const other = suggestion.customers.find(customer => customer.id !== this.customer.id) || suggestion.customers[1];
        return el('li', {'data-id': suggestion.id},
          el('button', {type: 'button', class: 'link', title: other.id, onclick: () => this.preview(other.id)},
            'Preview merge with ', other.name || 'the other record'),
          ' ', el('span', {class: 'badge strength-' + suggestion.strength}, STRENGTH_WORDS[suggestion.strength] || suggestion.strength),
          el('ul', {class: 'reasons'}, suggestion.reasons.map(reason => el('li', {}, ...reasonInWords(reason)))),
          el('button', {type: 'button', class: 'link', onclick: async () => {
            try {
              await notTheSame(this.customer.id, other.id);
              await this.show(this.customer.id);
            } catch (failure) {
              this.pane.append(el('p', {class: 'error', role: 'alert'}, failure.message));
            }
          }}, 'Not the same person'));
      })));
  }

  mergeForm() {
    const other = el('input', {id: 'merge-other', maxlength: 320, placeholder: 'customer id, email or phone', required: true});
    const form = el('form', {class: 'merge-form', 'aria-label': 'Merge another customer into this one'},
      el('h3', {}, 'Merge'),
      el('label', {for: 'merge-other'}, 'Other customer'), other,
      el('button', {type: 'submit'}, 'Preview merge'),
      el('div', {id: 'merge-preview', 'aria-live': 'polite'}));
    form.addEventListener('submit', event => {
      event.preventDefault();
      this.preview(other.value.trim());
    });
    return form;
  }

  /** Shows what would move before anything changes. */
  async preview(reference) {
    const target = this.pane.querySelector('#merge-preview');
    fill(target);
    try {
      const other = await findCustomer(reference);
      if (!other) {
        fill(target, el('p', {class: 'error'}, 'No customer found for that.'));
        return;
      }
      if (other.id === this.customer.id) {
        fill(target, el('p', {class: 'error'}, 'That is this customer.'));
        return;
      }
      const reason = el('input', {id: 'merge-reason', maxlength: 500, placeholder: 'why (kept in the record)'});
      fill(target, el('div', {class: 'card preview'},
        el('p', {}, 'Merge ', el('strong', {}, describe(other)), ' into ', el('strong', {}, describe(this.customer)), '?'),
        el('p', {}, 'Moves ', movesInWords(other), ':'),
        el('ul', {}, other.identities.map(identity => el('li', {}, identityLabel(identity.identity || identity.type + ':' + identity.value)))),
        el('label', {for: 'merge-reason'}, 'Reason'), reason,
        el('button', {type: 'button', class: 'primary', id: 'merge-confirm', onclick: async () => {
          try {
            const result = await post('/api/v1/customers/' + encodeURIComponent(this.customer.id) + '/merge',
              {otherCustomerId: other.id, reason: reason.value || undefined});
            // the merge settles its suggestions: show the record as it is now, suggestions included
            await this.show(result.customer.id);
          } catch (failure) {
            fill(target, el('p', {class: 'error'}, failure.message));
          }
        }}, 'Merge now'),
        el('button', {type: 'button', onclick: () => fill(target)}, 'Cancel')));
      target.scrollIntoView({block: 'nearest'});
    } catch (failure) {
      fill(target, el('p', {class: 'error'}, failure.message));
    }
  }

  mergeHistory() {
    const merges = this.customer.merges || [];
    if (!merges.length) return null;
    return el('div', {class: 'merges'},
      el('h3', {}, 'Merges'),
      el('ul', {}, merges.map(merge => el('li', {},
        merge.absorbedId === this.customer.id
          ? el('span', {title: merge.survivorId}, 'merged into another record')
          : el('span', {title: merge.absorbedId}, 'absorbed another record'),
        ' by ', staffName(merge.actor), ' ', time(merge.at), merge.reason ? ' — ' + merge.reason : '',
        ' ', el('span', {class: 'badge'}, merge.status),
        merge.status === 'merged' && merge.survivorId === this.customer.id
          ? el('button', {type: 'button', class: 'split-button', onclick: () => this.split(merge)}, 'Split again')
          : null))));
  }

  async split(merge) {
    try {
      const result = await post('/api/v1/customers/' + encodeURIComponent(this.customer.id) + '/split', {mergeId: merge.id});
      await this.show(result.customer.id);
    } catch (failure) {
      this.pane.append(el('p', {class: 'error', role: 'alert'}, failure.message));
    }
  }
}

const DAY = new Intl.DateTimeFormat(undefined, {day: 'numeric', month: 'short'});

/** "first contact by email on 3 Dec": why an identity is linked, in words; the contact id on hover. */
function provenance(p) {
  if (!p) return '';
  const rules = {'first-contact': 'first contact', 'same-contact': 'came in the same contact', merge: 'merged', split: 'split back'};
  const channel = p.channel && CHANNEL_NAMES[p.channel] ? ' by ' + (p.channel === 'email' ? 'email' : CHANNEL_NAMES[p.channel]) : '';
  const who = p.actor && p.actor !== 'system' ? ', by ' + staffName(p.actor) : '';
  return ' — ' + (rules[p.rule] || p.rule) + channel + ' on ' + DAY.format(new Date(p.at)) + who + (p.reason ? ': ' + p.reason : '');
}

/** "Robert Chen (phone)": the name, and how the record is reached, to tell two of a name apart. */
function describe(customer) {
  const kinds = [...new Set((customer.identities || []).map(identity => identity.type))];
  return (customer.name || 'Unnamed customer') + (kinds.length ? ' (' + kinds.join(', ') + ')' : '');
}

const KIND_NOUNS = {email: ['email address', 'email addresses'], phone: ['phone number', 'phone numbers'],
  x: ['X account', 'X accounts'], meta: ['Meta account', 'Meta accounts'], portal: ['portal account', 'portal accounts']};

function counted(count, [one, many]) {
  return count + ' ' + (count === 1 ? one : many);
}

/** "1 phone number and 1 conversation" */
function movesInWords(other) {
  const byKind = new Map();
  (other.identities || []).forEach(identity => byKind.set(identity.type, (byKind.get(identity.type) || 0) + 1));
  const parts = [...byKind].map(([kind, count]) => counted(count, KIND_NOUNS[kind] || ['identity', 'identities']));
  parts.push(counted((other.conversations || []).length, ['conversation', 'conversations']));
  return parts.length > 1 ? parts.slice(0, -1).join(', ') + ' and ' + parts[parts.length - 1] : parts[0];
}

async function copyId(button, id) {
  try {
    await navigator.clipboard.writeText(id);
    button.textContent = 'Id copied';
  } catch {
    button.textContent = id;
  }
}

/** Classifies what the agent typed into an identity the API can look up, or a customer id. */
export function identityFor(text) {
  const value = text.trim();
  if (/^(email|phone|x|meta|portal):/.test(value)) return value;
  if (value.includes('@') && !value.startsWith('@')) return 'email:' + value;
  if (/^\+?[0-9 ()./-]{5,}$/.test(value)) return 'phone:' + value;
  if (/^@?[0-9]{1,40}$/.test(value)) return 'x:' + value.replace('@', '');
  return null;
}

export async function findCustomer(text) {
  const identity = identityFor(text);
  if (identity) {
    const found = await get('/api/v1/customers?identity=' + encodeURIComponent(identity));
    return found.items[0] || null;
  }
  if (/^[A-Za-z0-9_-]{1,64}$/.test(text)) {
    try {
      return await get('/api/v1/customers/' + encodeURIComponent(text));
    } catch (failure) {
      if (failure.status === 404) return null;
      throw failure;
    }
  }
  return null;
}

/** The trend as a small line chart: -1 at the bottom, +1 at the top, oldest on the left. */
function trendChart(trend) {
  const points = (trend?.points || []).slice(-30);
  const width = 240;
  const height = 60;
  if (points.length === 0) return el('p', {class: 'muted'}, 'No scored messages yet.');
  const x = index => points.length === 1 ? width / 2 : 4 + index * (width - 8) / (points.length - 1);
  const y = compound => height / 2 - compound * (height / 2 - 4);
  const path = points.map((point, index) => (index ? 'L' : 'M') + x(index).toFixed(1) + ' ' + y(point.compound).toFixed(1)).join(' ');
  const label = `Sentiment of the last ${points.length} messages; now ${trend.label || 'neutral'}`;
  return el('figure', {class: 'trend'},
    svg('svg', {viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': label},
      svg('line', {x1: 0, x2: width, y1: height / 2, y2: height / 2, class: 'trend-zero'}),
      svg('path', {d: path, class: 'trend-line'}),
      points.map((point, index) => svg('circle', {cx: x(index), cy: y(point.compound), r: 2.5,
        class: point.compound <= -0.05 ? 'trend-negative' : point.compound >= 0.05 ? 'trend-positive' : 'trend-neutral'},
      svg('title', {text: point.compound.toFixed(2) + ' at ' + point.at})))),
    el('figcaption', {class: 'muted'}, 'now ', sentimentBadge({label: trend.label || 'neutral', compound: trend.current})));
}
