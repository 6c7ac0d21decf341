// The views the header links to, in the order it shows them. A new view adds
// one line here (its id, its page, its name in English and German); its page
// is then served at /<id>.html and embedded at /embed?view=<id>.

export const VIEWS = [
  { id: 'race', href: './', label: { en: 'Race', de: 'Wettlauf' } },
  { id: 'networks', href: 'networks.html', label: { en: 'Networks', de: 'Netze' } },
  { id: 'check', href: 'check.html', label: { en: 'Gradient check', de: 'Gradientenprüfung' } },
  { id: 'graph', href: 'graph.html', label: { en: 'Computation graph', de: 'Rechengraph' } },
  { id: 'maps', href: 'maps.html', label: { en: 'Maps', de: 'Karten' } },
  { id: 'generative', href: 'generative.html', label: { en: 'Generative', de: 'Generativ' } },
  { id: 'lessons', href: 'lessons', label: { en: 'Lessons', de: 'Lektionen' } },
];

/** The views' names as string tables, nav.<id>, for i18n's register(). */
export function navStrings() {
  const table = (lang) => Object.fromEntries(VIEWS.map((v) => [`nav.${v.id}`, v.label[lang]]));
  return { en: table('en'), de: table('de') };
}
