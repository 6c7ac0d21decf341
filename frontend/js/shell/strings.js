// The shell's own words (header navigation, embed bar, keyboard help), English
// and German. The shared ones (share.*, theme.*, projector.*, header.*) stay in
// ../strings.js, which the race page also uses.

export const EN = {
  'nav.label': 'Views',
  'nav.race': 'Race',
  'nav.networks': 'Networks',
  'nav.check': 'Gradient check',
  'nav.graph': 'Computation graph',
  'nav.maps': 'Maps',
  'nav.generative': 'Generative',
  'nav.lessons': 'Lessons',
  'shell.openFull': 'Open in Thalweg ↗',
  'shell.openFullTitle': 'Open this view in the full app (new tab)',
  'shell.viewShare': 'Share this view',
  'shell.offlineHint': 'This view precomputed into one HTML file: it opens from a USB stick or any web space with no server and no internet.',
  'shell.panelTitle': 'Show or hide this view\'s settings',
};

export const DE = {
  'nav.label': 'Ansichten',
  'nav.race': 'Wettlauf',
  'nav.networks': 'Netze',
  'nav.check': 'Gradientenprüfung',
  'nav.graph': 'Rechengraph',
  'nav.maps': 'Karten',
  'nav.generative': 'Generativ',
  'nav.lessons': 'Lektionen',
  'shell.openFull': 'In Thalweg öffnen ↗',
  'shell.openFullTitle': 'Diese Ansicht in der vollen App öffnen (neuer Tab)',
  'shell.viewShare': 'Diese Ansicht teilen',
  'shell.offlineHint': 'Diese Ansicht vorberechnet in einer HTML-Datei: Sie öffnet sich vom USB-Stick oder von jedem Webspace, ohne Server und ohne Internet.',
  'shell.panelTitle': 'Die Einstellungen dieser Ansicht zeigen oder verbergen',
};
