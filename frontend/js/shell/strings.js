// The shell's own words (header, embed bar; the views' names are in views.js), English
// and German. The shared ones (share.*, theme.*, projector.*, header.*) stay in
// ../strings.js, which the race page also uses.

export const EN = {
  'nav.label': 'Views',
  'shell.openFull': 'Open in Thalweg ↗',
  'shell.openFullTitle': 'Open this view in the full app (new tab)',
  'shell.offlineHint': 'This view precomputed into one HTML file: it opens from a USB stick or any web space with no server and no internet.',
  'shell.panelTitle': 'Show or hide this view\'s settings',
};

export const DE = {
  'nav.label': 'Ansichten',
  'shell.openFull': 'In Thalweg öffnen ↗',
  'shell.openFullTitle': 'Diese Ansicht in der vollen App öffnen (neuer Tab)',
  'shell.offlineHint': 'Diese Ansicht vorberechnet in einer HTML-Datei: Sie öffnet sich vom USB-Stick oder von jedem Webspace, ohne Server und ohne Internet.',
  'shell.panelTitle': 'Die Einstellungen dieser Ansicht zeigen oder verbergen',
};
