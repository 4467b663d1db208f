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
    int state = -1;         // int of fleet::OnlineState
    int group = -1;         // QString, group name
    int rsrp = -1;          // double dBm; invalid QVariant when unknown
    int sinr = -1;          // double dB
    int carrier = -1;       // QString
    int band = -1;          // QString (rfband)
    int battery = -1;       // percent; negative or invalid when unknown or no battery
    int lastEventTitle = -1;    // QString
    int lastEventAt = -1;       // QDateTime UTC
    int lastEventCategory = -1; // QString
    int lastEventSeverity = -1; // int of store::Severity

    // The roles of fleet::FleetModel.
    static TileRoles forFleetModel();
};

} // namespace fw::ui
