/** Small stroke-free SVG icons for the step controls, drawn in `currentColor` so they follow the theme. */
const SVG_NS = 'http://www.w3.org/2000/svg';

export type IconName =
  | 'first'
  | 'previous'
  | 'play'
  | 'pause'
  | 'next'
  | 'last'
  | 'export'
  | 'warning'
  | 'snapshot'
  | 'markA'
  | 'compare'
  | 'breakpoint'
  | 'link'
  | 'code'
  | 'more';

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
  markA: ['M7.2 2h1.6l4.2 12h-1.6l-1.05-3h-4.7L4.6 14H3zm-1 7.5h3.6L8 4.3z'],
  compare: ['M2 4.25h9.1L9.2 2.35l1.06-1.06L14 5l-3.74 3.71L9.2 7.65l1.9-1.9H2z', 'M14 11.75H4.9l1.9 1.9-1.06 1.06L2 11l3.74-3.71L6.8 8.35l-1.9 1.9H14z'],
  breakpoint: ['M8 3a5 5 0 1 1 0 10A5 5 0 0 1 8 3zm0 1.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7z', 'M8 6a2 2 0 1 1 0 4 2 2 0 0 1 0-4z'],
  link: ['M1 5h6.5v6H1zm1.5 1.5v3H6v-3z', 'M8.5 5H15v6H8.5zm1.5 1.5v3h3.5v-3z', 'M5 7.25h6v1.5H5z'],
  code: ['M5.3 4.2 6.4 5.3 3.7 8l2.7 2.7-1.1 1.1L1.5 8z', 'M10.7 4.2 14.5 8l-3.8 3.8-1.1-1.1L12.3 8 9.6 5.3z'],
  more: ['M2.5 6.75h2.5v2.5H2.5z', 'M6.75 6.75h2.5v2.5h-2.5z', 'M11 6.75h2.5v2.5H11z'],
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
