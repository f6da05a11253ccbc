// Admin pages over the existing admin and webhooks API: staff (edit, disable, new password), API
// keys, channels' health, dead letters with re-drive, webhook subscriptions and their delivery
// log; the learned sentiment model (its state, retraining now); the audit trail of access to
// personal data; the retention period with its dry run and the record of erasures; and the
// possible duplicates, which agents see too.
import {get, post, call} from './api.js';
import {el, fill, time, USERNAME_PATTERN} from './dom.js';
import {showDuplicates} from './duplicates.js';

const TABS = [['staff', 'Staff'], ['api-keys', 'API keys'], ['channels', 'Channels'],
  ['dead-letters', 'Dead letters'], ['webhooks', 'Webhooks'], ['sentiment', 'Sentiment model'],
  ['audit', 'Audit trail'], ['privacy', 'Retention & erasures'], ['duplicates', 'Possible duplicates']];
const AUDIT_ACTIONS = ['customer.viewed', 'customer.looked_up', 'conversation.viewed', 'customer.exported',
  'customer.erased', 'customer.merged', 'customer.split', 'attachment.downloaded'];
/** Tabs every signed-in agent may open; the others are for admins. */
const OPEN_TO_AGENTS = new Set(['duplicates']);

export class AdminPages {
  constructor(session) {
    this.session = session;
    this.root = document.getElementById('admin');
  }

  async show(tab) {
    const body = el('div', {class: 'admin-body', id: 'admin-body'});
    const isAdmin = this.session.role === 'admin';
    fill(this.root,
      el('nav', {class: 'tabs', 'aria-label': 'Administration'}, TABS
        .filter(([id]) => isAdmin || OPEN_TO_AGENTS.has(id))
        .map(([id, name]) => el('a', {href: '#/admin/' + id, 'aria-current': id === tab ? 'page' : null}, name))),
      body);
    if (!isAdmin && !OPEN_TO_AGENTS.has(tab)) {
      fill(body, el('p', {class: 'error'}, 'Only admins see these pages.'));
      return;
    }
    const pages = {
      staff: () => this.staff(body), 'api-keys': () => this.apiKeys(body), channels: () => this.channels(body),
      'dead-letters': () => this.deadLetters(body), webhooks: () => this.webhooks(body),
      sentiment: () => this.sentimentModel(body), audit: () => this.auditTrail(body),
      privacy: () => this.privacy(body),
      duplicates: () => showDuplicates(body),
    };
    try {
      await (pages[tab] || pages.staff)();
    } catch (failure) {
      fill(body, el('p', {class: 'error', role: 'alert'}, failure.message));
    }
  }

  async staff(body) {
    const users = (await get('/api/v1/staff')).items;
    const form = el('form', {class: 'card inline-form', 'aria-label': 'New staff user'},
      el('h3', {}, 'Add a staff user'),
      el('label', {}, 'Username ', el('input', {name: 'username', required: true, maxlength: 64, pattern: USERNAME_PATTERN + '+'})),
      el('label', {}, 'Password ', el('input', {name: 'password', type: 'password', required: true, minlength: 12, maxlength: 256, autocomplete: 'new-password'})),
      el('label', {}, 'Name ', el('input', {name: 'name', maxlength: 200})),
      el('label', {}, 'Role ', el('select', {name: 'role'}, el('option', {}, 'agent'), el('option', {}, 'admin'))),
      el('button', {type: 'submit', class: 'primary'}, 'Create'),
      el('p', {class: 'error', role: 'alert'}));
    form.addEventListener('submit', event => this.submit(event, form, '/api/v1/staff',
      data => ({...data, name: data.name || undefined}), () => this.show('staff')));
    const editor = el('div', {id: 'staff-editor'});
    const message = el('p', {class: 'error', role: 'alert', id: 'staff-message'});
    const change = async (user, patch) => {
      try {
        await call('PATCH', '/api/v1/staff/' + encodeURIComponent(user.username), patch);
        await this.staff(body);
      } catch (failure) {
        message.textContent = failure.message;
      }
    };
    fill(body, el('h2', {}, 'Staff users and roles'), message,
      table(['Username', 'Name', 'Role', 'State', 'Since', ''], users.map(user => [user.username, user.name || '—',
        user.role, user.disabled ? 'disabled' : 'active', time(user.createdAt),
        el('span', {class: 'form-row'},
          el('button', {type: 'button', 'aria-label': 'Edit ' + user.username,
            onclick: () => this.editStaff(user, editor, patch => change(user, patch))}, 'Edit'),
          el('button', {type: 'button', 'aria-label': (user.disabled ? 'Enable ' : 'Disable ') + user.username,
            onclick: () => change(user, {disabled: !user.disabled})}, user.disabled ? 'Enable' : 'Disable'),
          el('button', {type: 'button', 'aria-label': 'New password for ' + user.username,
            onclick: () => this.staffPassword(user, editor)}, 'New password'))])),
      editor, form);
  }

  /** Name and role of one staff user; a new role ends the user's sessions. */
  editStaff(user, target, save) {
    const form = el('form', {class: 'card inline-form', 'aria-label': 'Edit staff user'},
      el('h3', {}, 'Edit ', user.username),
      el('label', {}, 'Name ', el('input', {name: 'name', maxlength: 200, value: user.name || ''})),
      el('label', {}, 'Role ', el('select', {name: 'role'},
        ['agent', 'admin'].map(role => el('option', {selected: role === user.role}, role)))),
      el('button', {type: 'submit', class: 'primary'}, 'Save'),
      el('button', {type: 'button', onclick: () => fill(target)}, 'Cancel'));
    form.addEventListener('submit', event => {
      event.preventDefault();
      const patch = {role: form.role.value};
      if (form.name.value.trim()) patch.name = form.name.value.trim();
      save(patch);
    });
    fill(target, form);
    form.name.focus();
  }

  /** Sets a new password; the user's sessions end (an admin's own current one stays). */
  staffPassword(user, target) {
    const done = el('p', {class: 'notice', role: 'status', hidden: true});
    const form = el('form', {class: 'card inline-form', 'aria-label': 'New password'},
      el('h3', {}, 'New password for ', user.username),
      el('label', {}, 'Password ', el('input', {name: 'password', type: 'password', required: true, minlength: 12,
        maxlength: 256, autocomplete: 'new-password'})),
      el('button', {type: 'submit', class: 'primary'}, 'Set password'),
      el('button', {type: 'button', onclick: () => fill(target)}, 'Cancel'),
      el('p', {class: 'error', role: 'alert'}), done);
    form.addEventListener('submit', async event => {
      event.preventDefault();
      try {
        await call('PUT', '/api/v1/staff/' + encodeURIComponent(user.username) + '/password', {password: form.password.value});
        form.password.value = '';
        done.textContent = 'Password set; ' + user.username + ' is signed out everywhere.';
        done.hidden = false;
      } catch (failure) {
        form.querySelector('.error').textContent = failure.message;
      }
    });
    fill(target, form);
    form.password.focus();
  }

  async apiKeys(body) {
    const keys = (await get('/api/v1/api-keys')).items;
    const secret = el('div', {id: 'new-secret', 'aria-live': 'polite'});
    const scopes = ['ingest', 'read', 'write', 'webhooks', 'admin'];
    const form = el('form', {class: 'card inline-form', 'aria-label': 'New API key'},
      el('h3', {}, 'Create an API key'),
      el('label', {}, 'Name ', el('input', {name: 'name', required: true, maxlength: 100})),
      el('fieldset', {}, el('legend', {}, 'Scopes'), scopes.map(scope =>
        el('label', {}, el('input', {type: 'checkbox', name: 'scopes', value: scope, checked: scope === 'read'}), ' ', scope))),
      el('button', {type: 'submit', class: 'primary'}, 'Create'),
      el('p', {class: 'error', role: 'alert'}));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      try {
        const created = await post('/api/v1/api-keys', {
          name: form.name.value, scopes: [...form.querySelectorAll('input[name=scopes]:checked')].map(box => box.value)});
        await this.apiKeys(body);
        fill(body.querySelector('#new-secret'), el('div', {class: 'notice'},
          el('p', {}, 'The secret of ', created.name, ' — copy it now, it is shown only this once:'),
          el('code', {class: 'secret'}, created.key)));
      } catch (failure) {
        form.querySelector('.error').textContent = failure.message;
      }
    });
    fill(body, el('h2', {}, 'API keys'), secret,
      table(['Name', 'Scopes', 'Created', 'By', ''], keys.map(key => [key.name, key.scopes.join(', '), time(key.createdAt),
        key.createdBy || '', el('button', {type: 'button', onclick: async () => {
          if (!window.confirm('Revoke ' + key.name + '?')) return;
          await call('DELETE', '/api/v1/api-keys/' + encodeURIComponent(key.id));
          await this.apiKeys(body);
        }}, 'Revoke')])), form);
  }

  async channels(body) {
    const health = await get('/api/v1/admin/channels');
    const sources = health.items;
    const connectors = health.connectors || [];
    fill(body, el('h2', {}, "Channels' health"),
      el('h3', {}, 'Connectors'),
      table(['Connector', 'State', 'Replies on', 'Reports'], connectors.map(connector => {
        const reports = sources.filter(source => source.connector === connector.connector);
        const failing = reports.some(source => source.lastErrorAt && (!source.lastSuccessAt || source.lastErrorAt > source.lastSuccessAt));
        const state = connector.recordsOnly ? 'demo: records replies, sends nothing'
          : !connector.configured ? 'off: not configured'
            : failing ? 'failing' : reports.length ? 'working' : 'on, no report yet';
        return [connector.connector, el('span', {class: failing ? 'error' : null}, state),
          connector.sendsOn.length ? connector.sendsOn.join(', ') : '—', reports.length || '—'];
      })),
      el('h3', {}, 'Polled sources'),
      sources.length === 0 ? el('p', {class: 'muted'}, 'No polling channel has reported yet (webhook channels report nothing until they poll).') :
        table(['Connector', 'Source', 'Last success', 'Last error', 'Error'], sources.map(source => [
          source.connector, source.source, time(source.lastSuccessAt), time(source.lastErrorAt),
          source.lastError ? el('span', {class: 'error'}, source.lastError) : '—'])));
  }

  async deadLetters(body) {
    const letters = (await get('/api/v1/dead-letters?limit=100')).items;
    fill(body, el('h2', {}, 'Dead letters'),
      letters.length === 0 ? el('p', {class: 'muted'}, 'None: every contact was processed.') :
        table(['Failed', 'Contact', 'Attempts', 'Error', ''], letters.map(letter => [
          time(letter.failedAt), letter.contactId, letter.attempts, letter.error,
          el('button', {type: 'button', onclick: async event => {
            event.target.disabled = true;
            await post('/api/v1/dead-letters/' + encodeURIComponent(letter.id) + '/redrive');
            await this.deadLetters(body);
          }}, 'Re-drive')])));
  }

  /** The retention period and what it would erase now (a dry run), and the erasures so far. */
  async privacy(body) {
    const [preview, erasures] = await Promise.all([get('/api/v1/privacy/retention?limit=50'),
      get('/api/v1/erasures?limit=50')]);
    const setting = preview.retentionDays === 0
      ? el('p', {}, 'Retention is off (CRMHUB_RETENTION_DAYS=0): conversations are kept until a customer is erased.')
      : el('p', {}, 'Closed conversations last active more than ', el('strong', {}, String(preview.retentionDays)),
        ' days ago are erased (checked every ' + preview.checkEverySeconds + ' s), then customers left with none.');
    const due = preview.retentionDays === 0 ? [] : [
      el('h3', {}, 'Dry run: due now'),
      el('p', {}, preview.conversations + ' conversation(s) closed before ' + time(preview.cutoff)
        + (preview.conversations > preview.items.length ? '; the first ' + preview.items.length + ':' : '.')),
      table(['Conversation', 'Channel', 'Last activity', 'Customer', 'Customer left with none'],
        preview.items.map(item => [item.conversationId, item.channel, time(item.lastActivityAt), item.customerId || '—',
          item.customerId && preview.customersLeftEmpty.includes(item.customerId) ? 'yes' : 'no']))];
    fill(body, el('h2', {}, 'Retention'), setting, ...due,
      el('h2', {}, 'Erasures'),
      table(['Asked', 'Kind', 'Customer', 'By', 'Reason', 'State', 'Removed'], erasures.items.map(erasure => [
        time(erasure.requestedAt), erasure.kind, erasure.customerId || '—', erasure.actor, erasure.reason,
        erasure.status === 'completed' ? 'completed ' + time(erasure.completedAt) : 'pending',
        Object.entries(erasure.erased || {}).map(([kind, count]) => kind + ' ' + count).join(', ') || '—'])));
  }

  /** What the hubs learned from agents' corrections, and a button to learn from them now. */
  async sentimentModel(body, said = '') {
    const model = await get('/api/v1/sentiment/model');
    const perLabel = model.correctionsPerLabel;
    const status = el('p', {role: 'status', id: 'sentiment-model-message'}, said);
    const retrain = el('button', {type: 'button', class: 'primary', disabled: model.trainingInProgress,
      onclick: async () => {
        retrain.disabled = true;
        try {
          await post('/api/v1/sentiment/model/retrain');
          await this.sentimentModel(body, 'Retraining asked for: every hub uses the new model once it is stored.');
        } catch (failure) {
          status.textContent = failure.message;
          retrain.disabled = false;
        }
      }}, 'Retrain now');
    fill(body, el('h2', {}, 'Sentiment model'),
      el('p', {class: 'muted'}, model.version === 0
        ? 'No model yet: the rules score every message alone until agents have corrected ' + model.retrainThreshold + ' messages.'
        : 'Learned from agents\' corrections; retrained by itself after ' + model.retrainThreshold + ' new ones.'),
      table(['Measure', 'Now'], [
        ['Version', model.version === 0 ? 'none' : model.version],
        ['Trained', model.trainedAt ? time(model.trainedAt) : '—'],
        ['Corrections used', model.correctionsUsed + ' (negative ' + perLabel.negative + ', neutral ' + perLabel.neutral
          + ', positive ' + perLabel.positive + ')'],
        ['Corrections since', model.correctionsSinceTraining],
        ['Accuracy on held-out corrections', model.heldOutAccuracy === null
          ? 'not measured (' + model.heldOut + ' held out; needs 10)'
          : Math.round(model.heldOutAccuracy * 1000) / 10 + ' % of ' + model.heldOut],
        ['Training now', model.trainingInProgress ? 'yes' : 'no'],
      ]),
      retrain, status);
  }

  /** Who saw or changed which customer's data, newest first, filtered; "More" goes on from the last page. */
  async auditTrail(body) {
    const form = el('form', {class: 'card inline-form', role: 'search', 'aria-label': 'Filter the audit trail'},
      el('label', {}, 'Actor ', el('input', {name: 'actor', maxlength: 200, placeholder: 'staff:ann'})),
      el('label', {}, 'Action ', el('select', {name: 'action'}, el('option', {value: ''}, 'any'),
        AUDIT_ACTIONS.map(action => el('option', {}, action)))),
      el('label', {}, 'Customer id ', el('input', {name: 'customerId', maxlength: 64, pattern: '[A-Za-z0-9_\\-]+'})),
      el('button', {type: 'submit', class: 'primary'}, 'Show'),
      el('p', {class: 'error', role: 'alert'}));
    const rows = el('tbody', {});
    const entries = el('div', {class: 'table-scroll'}, el('table', {},
      el('caption', {class: 'visually-hidden'}, 'Audit trail entries, newest first'),
      el('thead', {}, el('tr', {}, ['When', 'Actor', 'Action', 'Target', 'Customer', 'Client address', 'Detail']
        .map(heading => el('th', {scope: 'col'}, heading)))),
      rows));
    const status = el('p', {role: 'status', class: 'muted', id: 'audit-status'});
    const more = el('button', {type: 'button', hidden: true}, 'More');
    let shown = 0;
    let cursor = null;
    const load = async () => {
      const query = new URLSearchParams({limit: '50'});
      for (const name of ['actor', 'action', 'customerId']) {
        const value = form.elements[name].value.trim();
        if (value) query.set(name, value);
      }
      if (cursor) query.set('cursor', cursor);
      const page = await get('/api/v1/audit?' + query);
      rows.append(...page.items.map(entry => el('tr', {},
        el('td', {}, time(entry.at)), el('td', {}, entry.actor), el('td', {}, entry.action),
        el('td', {}, entry.targetType, ' ', el('code', {}, entry.targetId)),
        el('td', {}, entry.customerId
          ? el('a', {href: '#/customer/' + encodeURIComponent(entry.customerId)}, entry.customerId) : '—'),
        el('td', {}, entry.clientAddress), el('td', {}, entry.detail || ''))));
      shown += page.items.length;
      cursor = page.nextCursor || null;
      more.hidden = !cursor;
      status.textContent = (shown === 0 ? 'No entries' : shown + (shown === 1 ? ' entry' : ' entries'))
        + (cursor ? ' so far; "More" looks further back.' : '.') + ' Entries are kept for ' + page.retentionDays + ' days.';
    };
    const run = async restart => {
      const error = form.querySelector('.error');
      error.textContent = '';
      if (restart) {
        rows.replaceChildren();
        shown = 0;
        cursor = null;
      }
      try {
        await load();
      } catch (failure) {
        error.textContent = failure.message;
      }
    };
    form.addEventListener('submit', event => {
      event.preventDefault();
      run(true);
    });
    more.addEventListener('click', () => run(false));
    fill(body, el('h2', {}, 'Audit trail'),
      el('p', {class: 'muted'}, 'Every view, export, erasure, merge and split of a customer, view of a conversation and '
        + 'download of an attachment by staff or an API key: who, when and from where. Message text is never recorded.'),
      form, status, entries, more);
    await load();
  }

  async webhooks(body) {
    const hooks = (await get('/api/v1/webhooks')).items;
    const log = el('div', {id: 'delivery-log'});
    const form = el('form', {class: 'card inline-form', 'aria-label': 'New webhook'},
      el('h3', {}, 'Subscribe a URL'),
      el('label', {}, 'URL ', el('input', {name: 'url', type: 'url', required: true, maxlength: 2000, placeholder: 'https://'})),
      el('label', {}, 'Events (comma separated) ', el('input', {name: 'events', required: true, value: 'conversation.created, message.created'})),
      el('button', {type: 'submit', class: 'primary'}, 'Subscribe'),
      el('p', {class: 'error', role: 'alert'}),
      el('div', {id: 'webhook-secret'}));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      try {
        const created = await post('/api/v1/webhooks', {url: form.url.value,
          events: form.events.value.split(',').map(type => type.trim()).filter(Boolean)});
        await this.webhooks(body);
        body.querySelector('#webhook-secret').append(el('p', {class: 'notice'}, 'Signing secret (shown once): ', el('code', {class: 'secret'}, created.secret)));
      } catch (failure) {
        form.querySelector('.error').textContent = failure.message;
      }
    });
    fill(body, el('h2', {}, 'Webhook subscriptions'),
      table(['URL', 'Events', 'State', ''], hooks.map(hook => [hook.url, hook.events.join(', '),
        hook.enabled ? 'enabled' : 'disabled' + (hook.disabledReason ? ': ' + hook.disabledReason : ''),
        el('span', {class: 'form-row'},
          el('button', {type: 'button', onclick: () => this.deliveryLog(hook, log)}, 'Delivery log'),
          el('button', {type: 'button', onclick: async () => { await post('/api/v1/webhooks/' + encodeURIComponent(hook.id) + '/ping'); await this.deliveryLog(hook, log); }}, 'Ping'),
          el('button', {type: 'button', onclick: () => this.editWebhook(hook, log, body)}, 'Edit'),
          el('button', {type: 'button', onclick: async () => {
            await call('PATCH', '/api/v1/webhooks/' + encodeURIComponent(hook.id), {enabled: !hook.enabled});
            await this.webhooks(body);
          }}, hook.enabled ? 'Disable' : 'Enable'),
          el('button', {type: 'button', onclick: async () => {
            if (!window.confirm('Delete the subscription of ' + hook.url + '? Its delivery log goes with it.')) return;
            await call('DELETE', '/api/v1/webhooks/' + encodeURIComponent(hook.id));
            await this.webhooks(body);
          }}, 'Delete'))])),
      log, form);
  }

  /** Changes a subscription's URL and events in place. */
  editWebhook(hook, target, body) {
    const form = el('form', {class: 'card inline-form', 'aria-label': 'Edit webhook'},
      el('h3', {}, 'Edit the subscription'),
      el('label', {}, 'URL ', el('input', {name: 'url', type: 'url', required: true, maxlength: 2000, value: hook.url})),
      el('label', {}, 'Events (comma separated) ', el('input', {name: 'events', required: true, value: hook.events.join(', ')})),
      el('button', {type: 'submit', class: 'primary'}, 'Save'),
      el('button', {type: 'button', onclick: () => fill(target)}, 'Cancel'),
      el('p', {class: 'error', role: 'alert'}));
    form.addEventListener('submit', async event => {
      event.preventDefault();
      try {
        await call('PATCH', '/api/v1/webhooks/' + encodeURIComponent(hook.id), {url: form.url.value,
          events: form.events.value.split(',').map(type => type.trim()).filter(Boolean)});
        await this.webhooks(body);
      } catch (failure) {
        form.querySelector('.error').textContent = failure.message;
      }
    });
    fill(target, form);
    form.url.focus();
  }

  async deliveryLog(hook, target) {
    const attempts = (await get('/api/v1/webhooks/' + encodeURIComponent(hook.id) + '/attempts?limit=50')).items;
    const deliveries = (await get('/api/v1/webhooks/' + encodeURIComponent(hook.id) + '/deliveries?limit=50')).items;
    fill(target, el('h3', {}, 'Deliveries to ', hook.url),
      table(['Created', 'Event', 'Status', 'Attempts', 'Last', ''], deliveries.map(delivery => [time(delivery.createdAt),
        delivery.type, delivery.status, delivery.attempts, delivery.lastStatus ?? delivery.lastError ?? '',
        el('button', {type: 'button', onclick: async () => {
          await post('/api/v1/webhooks/' + encodeURIComponent(hook.id) + '/deliveries/' + encodeURIComponent(delivery.id) + '/resend');
          await this.deliveryLog(hook, target);
        }}, 'Resend')])),
      el('h3', {}, 'Attempts'),
      table(['At', 'Event', 'Attempt', 'Status', 'Latency', 'Response'], attempts.map(attempt => [time(attempt.at),
        attempt.type || '', attempt.attempt, attempt.status, attempt.latencyMs + ' ms', attempt.responseExcerpt || attempt.error || ''])));
  }

  async submit(event, form, path, shape, done) {
    event.preventDefault();
    try {
      await post(path, shape(Object.fromEntries(new FormData(form))));
      await done();
    } catch (failure) {
      form.querySelector('.error').textContent = failure.message;
    }
  }
}

function table(headings, rows) {
  if (rows.length === 0) return el('p', {class: 'muted'}, 'None yet.');
  return el('div', {class: 'table-scroll'}, el('table', {},
    el('thead', {}, el('tr', {}, headings.map(heading => el('th', {scope: 'col'}, heading)))),
    el('tbody', {}, rows.map(cells => el('tr', {}, cells.map(cell => el('td', {}, cell)))))));
}
