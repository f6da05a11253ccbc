// The staff inbox: routes (#/inbox, #/c/ID, #/customer/ID, #/admin/...), live events, shortcuts.
import {currentSession, post} from './api.js';
import {el, fill, channelIcon, sentimentBadge, tickTimes, identityLabel, formatPhone} from './dom.js';
import {icon} from './icons.js';
import {Inbox} from './inbox.js';
import {ConversationView} from './conversation.js';
import {CustomerPanel, findCustomer, identityFor} from './customer.js';
import {SearchView} from './search.js';
import {AdminPages} from './admin.js';
import {connect} from './live.js';

const session = await currentSession();
if (!session) {
  window.location.replace('/login');
  throw new Error('not signed in');
}

document.getElementById('whoami').textContent = session.username + ' (' + session.role + ')';
document.getElementById('nav-admin').hidden = session.role !== 'admin';
document.getElementById('logout').addEventListener('click', async () => {
  await post('/api/v1/auth/logout').catch(() => {});
  window.location.assign('/login');
});

const customerPanel = new CustomerPanel(session, id => navigate('#/c/' + encodeURIComponent(id)));
const conversationView = new ConversationView(session, id => customerPanel.show(id).catch(showError));
const inbox = new Inbox(session, id => navigate('#/c/' + encodeURIComponent(id)));
const admin = new AdminPages(session);
const searchView = new SearchView(shown => document.getElementById('inbox').classList.toggle('searching', shown));
/** The list j / k / Enter work on: the messages found while they are shown, else the queue. */
const list = () => (searchView.active ? searchView : inbox);

function navigate(hash) {
  if (window.location.hash === hash) route();
  else window.location.hash = hash;
}

function showError(failure) {
  document.getElementById('live-status').textContent = 'Error: ' + failure.message;
}

async function route() {
  const hash = window.location.hash || '#/inbox';
  const [, section, id, action, otherId] = hash.split('/');
  const inAdmin = section === 'admin';
  document.getElementById('workspace').hidden = inAdmin;
  document.getElementById('admin').hidden = !inAdmin;
  const title = !inAdmin ? 'Inbox' : id === 'duplicates' ? 'Possible duplicates' : 'Administration';
  document.getElementById('page-title').textContent = title;
  document.title = title + ' · crm-hub';
  document.body.className = 'route-' + (inAdmin ? 'admin' : (section === 'c' || section === 'customer') ? 'conversation' : 'inbox');
  try {
    if (inAdmin) {
      conversationView.stopPresence();
      await admin.show(id || 'staff');
    } else if (section === 'c' && id) {
      const conversationId = decodeURIComponent(id);
      inbox.markOpen(conversationId);
      // #/c/ID/m/MESSAGE: a search result opens the conversation at that message
      await conversationView.open(conversationId, action === 'm' && otherId ? decodeURIComponent(otherId) : null);
    } else if (section === 'customer' && id) {
      conversationView.close();
      await customerPanel.show(decodeURIComponent(id));
      // #/customer/ID/merge/OTHER: a possible duplicate's "Preview merge" opens the preview at once
      if (action === 'merge' && otherId) await customerPanel.preview(decodeURIComponent(otherId));
    } else {
      conversationView.close();
    }
  } catch (failure) {
    showError(failure);
  }
}

window.addEventListener('hashchange', route);

// The search box: a customer's email, phone, identity or id opens their record; anything else searches messages.
document.getElementById('search-form').addEventListener('submit', async event => {
  event.preventDefault();
  const text = document.getElementById('search').value.trim();
  const result = document.getElementById('search-result');
  if (!text) return;
  fill(result);
  // a customer id (`cu_…`, as "Copy id" gives it) opens the record as an identity does
  if (identityFor(text) || /^cu_[A-Za-z0-9_-]{1,61}$/.test(text)) {
    try {
      const customer = await findCustomer(text);
      if (customer) {
        fill(result, 'Found ', el('a', {href: '#/customer/' + encodeURIComponent(customer.id)}, customer.name || customer.id));
        navigate('#/customer/' + encodeURIComponent(customer.id));
        return;
      }
    } catch (failure) {
      if (failure.status !== 400) {
        fill(result, failure.message);
        return;
      }
    }
  }
  await searchView.run(text);
});
// from the search box, the down arrow goes on into the messages found
document.getElementById('search').addEventListener('keydown', event => {
  if (event.key === 'ArrowDown' && searchView.active) {
    event.preventDefault();
    searchView.focusResults();
  }
});

// Live: everything that changes a conversation reloads the queue and, when open, the thread.
connect((type, data) => {
  if (type === 'presence') {
    conversationView.onPresence(data);
    return;
  }
  if (type === 'screen-pop') {
    screenPop(data);
    return;
  }
  if (data.conversationId || type.startsWith('conversation.') || type.startsWith('message.')) {
    inbox.refreshSoon();
    if (data.conversationId) conversationView.reloadIfOpen(data.conversationId).catch(() => {});
    customerPanel.refreshIfShows(data.customerId, data.conversationId).catch(() => {});
  }
  if (type === 'customer.merged' || type === 'customer.split') {
    customerPanel.refreshIf([data.survivorId, data.absorbedId]).catch(() => {});
    inbox.refreshSoon();
  }
});

/** An incoming call: who it is, their open conversations and last messages, at once. */
function screenPop(pop) {
  const box = document.getElementById('screen-pop');
  const customer = pop.customer;
  const from = pop.call?.from || 'unknown number';
  const close = () => { box.hidden = true; };
  fill(box,
    el('h2', {id: 'screen-pop-title'}, el('span', {class: 'channel'}, icon('phone')), ' Incoming call ',
      pop.caller === 'withheld' ? '(number withheld)' : pop.caller === 'unknown' ? 'from a new caller' : 'from ' + (customer?.name || formatPhone(from))),
    customer ? el('p', {}, (customer.identities || []).flatMap((identity, index) => [index ? ', ' : '', identityLabel(identity)]),
      ' ', sentimentBadge(customer.sentimentTrend)) : null,
    (pop.openConversations || []).length ? el('ul', {}, pop.openConversations.map(conversation => el('li', {},
      el('a', {href: '#/c/' + encodeURIComponent(conversation.id), onclick: close}, channelIcon(conversation.channel), ' ',
        conversation.subject || conversation.preview || '(no text)')))) : null,
    (pop.lastMessages || []).length ? el('ol', {class: 'pop-messages'}, pop.lastMessages.map(message => el('li', {},
      channelIcon(message.channel), ' ', message.text || ''))) : null,
    el('div', {class: 'form-row'},
      // opening the record is taking the call: the pop gives way to it
      customer ? el('a', {class: 'button', href: '#/customer/' + encodeURIComponent(customer.id), onclick: close}, 'Open record') : null,
      el('button', {type: 'button', id: 'screen-pop-close', onclick: close}, 'Dismiss')));
  box.hidden = false;
}

// Keyboard shortcuts; never while typing.
const help = document.getElementById('help');
let focusBeforeHelp = null;
function toggleHelp(show) {
  if (show === !help.hidden) return;
  help.hidden = !show;
  if (show) {
    focusBeforeHelp = document.activeElement;
    document.getElementById('help-close').focus();
  } else {
    focusBeforeHelp?.focus?.();
  }
}
// a modal dialog keeps Tab inside itself until it is closed
help.addEventListener('keydown', event => {
  if (event.key !== 'Tab') return;
  const focusable = [...help.querySelectorAll('button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])')];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
});
document.getElementById('help-button').addEventListener('click', () => toggleHelp(true));
document.getElementById('help-close').addEventListener('click', () => toggleHelp(false));

document.addEventListener('keydown', event => {
  if (event.key === 'Escape') {
    if (help.hidden && searchView.active && event.target.closest?.('#search-view')) {
      searchView.close();
      return;
    }
    toggleHelp(false);
    document.getElementById('screen-pop').hidden = true;
    return;
  }
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey
    || target.closest?.('input, textarea, select, [contenteditable]')) return;
  // Enter on a link or button does what it always does
  if (event.key === 'Enter' && target.closest?.('a, button')) return;
  const inWorkspace = !document.getElementById('workspace').hidden;
  const actions = {
    j: () => list().move(1),
    k: () => list().move(-1),
    Enter: () => list().openSelected(),
    r: () => conversationView.focusReply(),
    n: () => conversationView.focusNote(),
    e: () => conversationView.closeConversation(),
    '/': () => document.getElementById('search').focus(),
    '?': () => toggleHelp(help.hidden),
    1: () => conversationView.sentimentKey('1'),
    2: () => conversationView.sentimentKey('2'),
    3: () => conversationView.sentimentKey('3'),
    u: () => conversationView.sentimentKey('u'),
  };
  const action = actions[event.key];
  if (!action || (!inWorkspace && event.key !== '?')) return;
  event.preventDefault();
  action();
});

// relative times ("waiting 3 min") keep counting while the page is open
setInterval(() => tickTimes(), 15_000);

await Promise.all([inbox.reload().catch(showError), route()]);
