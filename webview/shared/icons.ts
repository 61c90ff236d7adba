/** Small stroke-free SVG icons for the step controls, drawn in `currentColor` so they follow the theme. */
const SVG_NS = 'http://www.w3.org/2000/svg';

export type IconName = 'first' | 'previous' | 'play' | 'pause' | 'next' | 'last' | 'export' | 'warning' | 'snapshot';

const PATHS: Record<IconName, string[]> = {
  first: ['M3 3h1.5v10H3z', 'M13 3v10L6 8z'],
  previous: ['M11 3v10L4 8z'],
  play: ['M5 3v10l8-5z'],
  pause: ['M4 3h3v10H4z', 'M9 3h3v10H9z'],
  next: ['M5 3v10l7-5z'],
  last: ['M11.5 3H13v10h-1.5z', 'M3 3v10l7-5z'],
  export: ['M7.25 2h1.5v7.2l2.4-2.4 1.06 1.06L8 12.06 3.79 7.86 4.85 6.8l2.4 2.4z', 'M2 13h12v1.5H2z'],
  warning: ['M8 1.5 15 14H1zm-.75 4.5v4h1.5V6zm0 5.25v1.5h1.5v-1.5z'],
  snapshot: ['M8 2 14 8 8 14 2 8z'],
};

export function icon(name: IconName, label?: string): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '16');
  svg.setAttribute('height', '16');
  svg.setAttribute('class', `icon icon-${name}`);
  if (label === undefined) {
    svg.setAttribute('aria-hidden', 'true');
  } else {
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', label);
  }
  for (const d of PATHS[name]) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('fill-rule', 'evenodd');
    svg.append(path);
  }
  return svg;
}
