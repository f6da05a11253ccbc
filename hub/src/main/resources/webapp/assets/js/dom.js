// The only way the app builds markup: elements and text nodes, never HTML strings, so customer
// text can never become markup or script.
import {icon, CHANNEL_NAMES} from './icons.js';

const SAFE_LINK = /^(#|\/(?!\/))/;

/** One character of a username as the API accepts it; `-` escaped because browsers compile `pattern` with the v flag. */
export const USERNAME_PATTERN = '[A-Za-z0-9._@\\-]';

/** el('li', {class: 'x', onclick: fn}, 'text', child) */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key.startsWith('on')) {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if ((key === 'href' || key === 'src') && !SAFE_LINK.test(String(value))) {
      throw new Error('only links inside the app are built');
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything inside a node. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'text') node.textContent = value;
    else node.setAttribute(key, String(value));
  }
  children.flat().forEach(child => child && node.append(child));
  return node;
}

const relative = new Intl.RelativeTimeFormat(undefined, {numeric: 'auto', style: 'short'});

/** "5 min ago" style, from an ISO time. */
export function ago(iso) {
  if (!iso) return '';
  const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const steps = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month'], [Infinity, 'year']];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return relative.format(value, unit);
    value = Math.round(value / size);
  }
  return '';
}

export function time(iso) {
  return el('time', {datetime: iso, title: iso ? new Date(iso).toLocaleString() : ''}, ago(iso));
}

/** Brings every relative time on the page up to date ("now" becomes "1 min ago"). */
export function tickTimes(root = document) {
  root.querySelectorAll('time[datetime]').forEach(node => {
    const text = ago(node.getAttribute('datetime'));
    if (node.textContent !== text) node.textContent = text;
  });
}

export function channelIcon(channel) {
  const known = Object.hasOwn(CHANNEL_NAMES, channel || '');
  const name = known ? CHANNEL_NAMES[channel] : channel || 'unknown';
  return el('span', {class: 'channel channel-' + (known ? channel : 'other'), title: name},
    icon(known ? channel : 'other'), el('span', {class: 'visually-hidden'}, name));
}

const IDENTITY_KINDS = {email: 'email', phone: 'phone', x: 'X account', meta: 'Meta account', portal: 'portal account'};

/** A phone number as people write it: North American numbers grouped, others in international form. */
export function formatPhone(number) {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(number);
  if (nanp) return `+1 ${nanp[1]}-${nanp[2]}-${nanp[3]}`;
  const other = /^\+(\d{2})(\d+)$/.exec(number);
  return other ? `+${other[1]} ${other[2]}` : number;
}

/** An identity key (`phone:+14155550134`) as people read it; the key itself on hover. */
export function identityLabel(key) {
  const at = String(key || '').indexOf(':');
  const type = at > 0 ? key.slice(0, at) : '';
  const value = at > 0 ? key.slice(at + 1) : String(key || '');
  const shown = type === 'phone' ? formatPhone(value)
    : type === 'email' ? value : (IDENTITY_KINDS[type] || type || 'id') + ' ' + value;
  return el('span', {class: 'identity-label', title: key}, shown);
}

/** `staff:admin` → `admin`: who did it, without the id prefix. */
export function staffName(actor) {
  if (!actor) return 'staff';
  return actor.startsWith('staff:') ? actor.slice(6) : actor === 'system' ? 'the hub' : actor;
}

export function sentimentBadge(sentiment) {
  if (!sentiment || !sentiment.label) return null;
  const score = typeof sentiment.compound === 'number' ? ` ${sentiment.compound.toFixed(2)}` : '';
  const label = sentiment.scored === false ? 'unscored' : sentiment.label;
  return el('span', {class: 'badge sentiment-' + label, title: 'sentiment' + score}, label);
}

export function announce(text) {
  const status = document.getElementById('live-status');
  if (status) status.textContent = text;
}
