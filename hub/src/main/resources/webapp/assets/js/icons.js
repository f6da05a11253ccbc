// Channel icons as small inline SVG drawn from path data in this module: no emoji, which show as
// empty boxes on machines without an emoji font, and nothing fetched from elsewhere.

const SVG = 'http://www.w3.org/2000/svg';

/** 24×24 outline paths, stroked with the text colour (see .channel svg in app.css). */
const PATHS = {
  email: 'M3 6h18v12H3z M3 7l9 6 9-6',
  phone: 'M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z',
  sms: 'M4 5h16v11H9l-5 4z M8 10h8 M8 13h5',
  x: 'M5 4l14 16 M19 4L5 20',
  messenger: 'M12 4c5 0 9 3.4 9 7.6S17 19 12 19c-1 0-2-.1-3-.4L4 20l1.5-4A7.3 7.3 0 0 1 3 11.6C3 7.4 7 4 12 4z M8 13l3-3 2 2 3-3',
  instagram: 'M7 3h10a4 4 0 0 1 4 4v10a4 4 0 0 1-4 4H7a4 4 0 0 1-4-4V7a4 4 0 0 1 4-4z M12 8.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z M17.5 6.5v.01',
  portal: 'M3 11l9-7 9 7 M5 10v10h14V10 M10 20v-6h4v6',
  api: 'M4 8h15l-3-3 M20 16H5l3 3',
  other: 'M9 12a3 3 0 1 0 6 0a3 3 0 1 0-6 0',
};

export const CHANNEL_NAMES = {
  email: 'Email', phone: 'Phone call', sms: 'SMS', x: 'X', messenger: 'Messenger', instagram: 'Instagram',
  portal: 'Portal', api: 'API',
};

/** The icon alone, hidden from assistive technology (callers put the name beside it). */
export function icon(name) {
  const node = document.createElementNS(SVG, 'svg');
  node.setAttribute('viewBox', '0 0 24 24');
  node.setAttribute('aria-hidden', 'true');
  node.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name] || PATHS.other);
  node.append(path);
  return node;
}
