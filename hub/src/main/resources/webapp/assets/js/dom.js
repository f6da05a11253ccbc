// The only way the app builds markup: elements and text nodes, never HTML strings, so customer
// text can never become markup or script.

const SAFE_LINK = /^(#|\/(?!\/))/;

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

const CHANNELS = {
  email: ['✉', 'Email'], phone: ['☎', 'Phone call'], sms: ['💬', 'SMS'], x: ['𝕏', 'X'],
  messenger: ['ⓜ', 'Messenger'], instagram: ['◎', 'Instagram'], portal: ['⌂', 'Portal'], api: ['⇄', 'API'],
};

export function channelIcon(channel) {
  const [icon, name] = CHANNELS[channel] || ['•', channel || 'unknown'];
  return el('span', {class: 'channel channel-' + (CHANNELS[channel] ? channel : 'other'), title: name},
    el('span', {'aria-hidden': 'true'}, icon), el('span', {class: 'visually-hidden'}, name));
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
