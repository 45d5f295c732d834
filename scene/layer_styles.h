#pragma once
// How each map layer looks and whether it starts visible: the data the
// configuration file fills ([layers.*]) and the Scene is built from.

#include "scene/layers/case_markers.h"
#include "scene/layers/heat_layer.h"
#include "scene/layers/region_layer.h"

namespace citywall::scene {

struct LayerStyles {
  CaseMarkerStyle markers;
  bool markersVisible = true;
  bool clusters = true;  ///< far away, nearby markers merge into counted clusters
  HeatStyle heat;  ///< case density (heat.visible: shown at start)
  HeatStyle field = defaultField();  ///< a sensor metric interpolated between stations (off at start)
  RegionStyle regions;
  bool sensorsVisible = true;
  double sensorLabelDistance = 3000;  ///< sensor values are written beside the rings when the camera is closer (metres)

  static HeatStyle defaultField() {
    HeatStyle s;
    s.mode = HeatMode::field;
    s.ramp = HeatRamp::aqi;
    s.fixedMax = 250;  // the top of the PM2.5 bands (µg/m³)
    s.cellMetres = 40;
    s.opacity = 0.55f;
    s.visible = false;
    return s;
  }
};

}  // namespace citywall::app
