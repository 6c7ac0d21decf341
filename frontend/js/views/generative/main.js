// The Generative view's page: hands the view to the page frame.
import { startView } from './standalone.js';
import { generativeView } from './view.js';

startView(generativeView);
