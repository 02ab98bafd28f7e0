// The dashboard's entry point (index.html loads it): styles, then the app component.

import 'uplot/dist/uPlot.min.css';
import './styles/charts.css';
import './styles/app.css';
import './components/bs-app';
