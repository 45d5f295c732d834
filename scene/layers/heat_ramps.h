#pragma once
// The heat colour ramps on the CPU, for legends: the same nine sRGB stops as
// shaders/heat_drape.frag (change both together; heat_ramps_test checks the
// shader's table against this one).

#include <cstdint>

#include "scene/layers/heat_layer.h"

namespace citywall::scene {

/// sRGB (0xrrggbb) of `ramp` at t in [0, 1], interpolated between the stops.
uint32_t heatRampRgb(HeatRamp ramp, float t);

}  // namespace citywall::scene
