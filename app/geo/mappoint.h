#pragma once

#include <QDateTime>
#include <QGeoCoordinate>
#include <QList>
#include <QMetaType>
#include <QString>

#include <array>

namespace fw::geo {

// A router's state as the map shows it, ordered from best to worst so that the worst state of a
// group is the largest value present. Offline ranks worst: a router that does not answer
// serves nobody and tells us nothing more. Alarmed still answers but needs attention. Unknown
// (never synced, no report yet) ranks above online so a group is never shown healthy on the
// strength of routers we know nothing about.
enum class RouterState : quint8 { Online = 0, Unknown = 1, Alarmed = 2, Offline = 3 };
inline constexpr int kRouterStateCount = 4;

QString routerStateName(RouterState state);
RouterState worse(RouterState a, RouterState b);

// One router as the map needs it. A router without a known position has no coordinate: it is
// counted, never drawn (and never at 0,0).
struct MapPoint
{
    QString routerId;
    QGeoCoordinate position;   // invalid when the position is unknown
    RouterState state = RouterState::Unknown;

    bool hasPosition() const { return position.isValid(); }
    friend bool operator==(const MapPoint &, const MapPoint &) = default;
};

// Routers per state, kept for every cluster.
struct StateCounts
{
    std::array<quint32, kRouterStateCount> n{};

    quint32 total() const { return n[0] + n[1] + n[2] + n[3]; }
    quint32 count(RouterState s) const { return n[static_cast<int>(s)]; }
    RouterState worst() const;   // Online when empty
    friend bool operator==(const StateCounts &, const StateCounts &) = default;
};

// One recorded position of a router, for trails.
struct TrailPoint
{
    QDateTime at;   // UTC
    QGeoCoordinate position;
};

} // namespace fw::geo

Q_DECLARE_METATYPE(fw::geo::MapPoint)
