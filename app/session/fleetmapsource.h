#pragma once

#include "geo/mapdatasource.h"

#include <QHash>

namespace fw::fleet {
class FleetState;
struct Router;
}

namespace fw::session {

// The map's view of the fleet state. A router is drawn offline when NCM says so, alarmed
// when it is online with a critical alert open, online, or unknown when we have not heard.
class FleetMapSource final : public geo::MapDataSource
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FleetMapSource)

public:
    explicit FleetMapSource(fleet::FleetState *state, QObject *parent = nullptr);

    QList<geo::MapPoint> points() const override;
    geo::RouterInfo info(const QString &routerId) const override;

    static geo::RouterState mapState(const fleet::Router &router);

private:
    void onAdded(int first, int last);
    void onChanged(const QList<int> &rows);
    geo::MapPoint pointAt(int row) const;

    fleet::FleetState *m_state;
    QHash<QString, qint64> m_lastSeq; // pulse only when a router's newest event changes
};

} // namespace fw::session
