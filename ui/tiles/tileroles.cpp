#include "tiles/tileroles.h"

#include "fleet/fleetmodel.h"

namespace fw::ui {

TileRoles TileRoles::forFleetModel()
{
    using fleet::FleetModel;
    TileRoles roles;
    roles.routerId = FleetModel::RouterIdRole;
    roles.name = FleetModel::NameRole;
    roles.state = FleetModel::StateRole;
    roles.group = FleetModel::GroupNameRole;
    roles.rsrp = FleetModel::RsrpRole;
    roles.sinr = FleetModel::SinrRole;
    roles.carrier = FleetModel::CarrierRole;
    roles.band = FleetModel::BandRole;
    roles.battery = FleetModel::BatteryRole;
    roles.lastEventTitle = FleetModel::LastEventTitleRole;
    roles.lastEventAt = FleetModel::LastEventTimeRole;
    roles.lastEventCategory = FleetModel::LastEventCategoryRole;
    roles.lastEventSeverity = FleetModel::LastEventSeverityRole;
    return roles;
}

} // namespace fw::ui
