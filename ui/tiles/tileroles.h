#pragma once

#include <Qt>

namespace fw::ui {

// Which roles of the fleet model the tiles read. The fleet model (store branch) defines the
// roles; the lead builds this mapping from its enum, so the tiles need no copy of the model.
// A role of -1 is absent: its part of the tile is left out.
struct TileRoles
{
    int routerId = -1;      // QString
    int name = Qt::DisplayRole;
    int state = -1;         // QString: "online", "offline", "initialized"; anything else is unknown
    int group = -1;         // QString, group name
    int rsrp = -1;          // double dBm; invalid QVariant when unknown
    int sinr = -1;          // double dB
    int carrier = -1;       // QString
    int band = -1;          // QString (rfband)
    int battery = -1;       // double percent; invalid when the model has no battery
    int lastEventTitle = -1;    // QString
    int lastEventAt = -1;       // QDateTime UTC
    int lastEventCategory = -1; // QString
    int lastEventSeverity = -1; // int of store::Severity
};

} // namespace fw::ui
