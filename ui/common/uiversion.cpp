#include "common/uiversion.h"

namespace fw::ui {

QString applicationVersion()
{
    return QStringLiteral(FLEETWALL_VERSION);
}

} // namespace fw::ui
