// The views the header links to, in the order it shows them. A new view adds
// one line here (its id, its page, its nav label's string key); its page is
// then served at /<id>.html and embedded at /embed?view=<id>.

export const VIEWS = [
  { id: 'race', href: './', label: 'nav.race' },
  { id: 'networks', href: 'networks.html', label: 'nav.networks' },
  { id: 'check', href: 'check.html', label: 'nav.check' },
  { id: 'graph', href: 'graph.html', label: 'nav.graph' },
  { id: 'maps', href: 'maps.html', label: 'nav.maps' },
  { id: 'generative', href: 'generative.html', label: 'nav.generative' },
  { id: 'lessons', href: 'lessons', label: 'nav.lessons' },
];

/** A view's page, relative to the site's root (`./` for the race). */
export function pageOf(id) {
  return (VIEWS.find((v) => v.id === id) || { href: `${id}.html` }).href;
}
