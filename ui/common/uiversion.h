#pragma once

#include <QString>

namespace fw::ui {

// The version string shown in the About box and the window title.
QString applicationVersion();

} // namespace fw::ui
