#pragma once

#include "geo/mappoint.h"

#include <QHash>
#include <QList>
#include <QPointF>
#include <QRectF>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace fw::geo {

// What a viewport query returns: a cluster of routers, or one router (routerId set).
struct MapCluster
{
    QPointF world;          // centroid, in the world copy the query rectangle asked for
    StateCounts counts;
    QString routerId;       // set when the cluster holds exactly one router
    QRectF cellWorld;       // the grid cell it came from, in the same world copy

    bool isSingle() const { return !routerId.isEmpty(); }
};

// A grid pyramid over router positions in projected integer coordinates (32 bits a world
// axis). Level L covers zoom L with 2^(L+2) cells a side, so a cell is 64 to 128 pixels on
// screen; a cell of level L holds exactly the four cells under it at level L+1. Each cell keeps
// its count per state, the sum of its positions (for the centroid) and the XOR of its members'
// slots (which names the member when only one is left), so a state change or a move is an
// in-place update of one cell a level, with no rebuild. Beyond kMaxClusterZoom routers are
// shown one by one, except routers at the same spot, which stay grouped.
class ClusterIndex final
{
public:
    static constexpr int kMaxClusterZoom = 16;

    ClusterIndex();
    ~ClusterIndex();
    Q_DISABLE_COPY_MOVE(ClusterIndex)

    void build(const QList<MapPoint> &points);
    void upsert(const MapPoint &point);   // add, move or change state
    bool remove(const QString &routerId);
    void clear();

    // Clusters and single routers inside worldRect (unwrapped: it may cross x = 0 or 1) at a
    // fractional zoom.
    QList<MapCluster> query(double zoom, const QRectF &worldRect) const;
    // The same, with clusters and routers closer than mergeRadius (world units) merged into the
    // larger one, as a map draws them: grid cells never put two icons on top of each other.
    // Up to kMaxClusterZoom only; beyond it every router stays visible on its own.
    QList<MapCluster> queryMerged(double zoom, const QRectF &worldRect, double mergeRadius) const;
    // Routers whose position lies in worldRect (unwrapped), for a cluster's cellWorld.
    QStringList membersIn(const QRectF &worldRect) const;

    std::optional<MapPoint> point(const QString &routerId) const;
    qsizetype size() const { return m_ids.size(); }
    qsizetype positionedCount() const { return m_ids.size() - m_unpositioned; }
    qsizetype unpositionedCount() const { return m_unpositioned; }
    StateCounts totals() const;
    // For invariant checks in tests: the counts stored for the cell holding world at a level.
    StateCounts cellCounts(int level, const QPointF &world) const;

private:
    struct Slot;
    class CellMap;

    int allocateSlot();
    void loadLevel(int level, const std::vector<std::pair<quint64, int>> &order);
    void addToCells(int slot);
    void removeFromCells(int slot);
    void emitCell(int level, qint64 x, qint64 y, const void *cell, QList<MapCluster> &out) const;
    void queryLevel(int level, const QRectF &rect, QList<MapCluster> &out) const;
    void queryLeaves(double zoom, const QRectF &rect, QList<MapCluster> &out) const;
    MapCluster singleAt(int slot, double offset) const;

    std::vector<Slot> m_slots;
    std::vector<int> m_free;
    QHash<QString, int> m_ids;
    qsizetype m_unpositioned = 0;
    std::vector<std::unique_ptr<CellMap>> m_levels;
};

} // namespace fw::geo
