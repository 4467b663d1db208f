#include "geo/clusterindex.h"

#include "geo/projection.h"

#include <algorithm>
#include <cmath>

namespace fw::geo {

namespace {

constexpr int kLevels = ClusterIndex::kMaxClusterZoom + 1;
constexpr int kLeaf = ClusterIndex::kMaxClusterZoom;
constexpr double kWorldUnits = 4294967296.0;   // 2^32 integer units a world axis

int cellBits(int level) { return level + 2; }
quint64 cellKey(quint32 cx, quint32 cy) { return (quint64(cx) << 32) | cy; }

// Interleaves the bits of two cell coordinates (up to 32 bits each) into a Z-order code.
quint64 spreadBits(quint64 v)
{
    v &= 0xffffffffull;
    v = (v | (v << 16)) & 0x0000ffff0000ffffull;
    v = (v | (v << 8)) & 0x00ff00ff00ff00ffull;
    v = (v | (v << 4)) & 0x0f0f0f0f0f0f0f0full;
    v = (v | (v << 2)) & 0x3333333333333333ull;
    v = (v | (v << 1)) & 0x5555555555555555ull;
    return v;
}

quint64 mortonCode(quint32 cx, quint32 cy)
{
    return (spreadBits(cx) << 1) | spreadBits(cy);
}

quint32 toUnits(double v)
{
    return quint32(std::clamp(v * kWorldUnits, 0.0, kWorldUnits - 1));
}

} // namespace

struct ClusterIndex::Slot
{
    QString id;
    quint32 x = 0;
    quint32 y = 0;
    RouterState state = RouterState::Unknown;
    bool used = false;
    bool positioned = false;
    int prev = -1;   // neighbours in the leaf cell's member list
    int next = -1;
};

// Open-addressing hash map from a cell key to its aggregates. Cells emptied by moves stay
// with zero counts and are skipped by queries; they are reused if a router comes back.
class ClusterIndex::CellMap
{
public:
    struct Cell
    {
        StateCounts counts;
        quint32 xorSlot = 0;
        int head = -1;   // first member; leaf level only
        quint64 sumX = 0;
        quint64 sumY = 0;
    };

    Cell &obtain(quint64 key)
    {
        if ((m_used + 1) * 10 > m_keys.size() * 7)
            grow();
        size_t i = probe(key);
        if (m_keys[i] == kEmpty) {
            m_keys[i] = key;
            m_cells[i] = Cell{};
            ++m_used;
        }
        return m_cells[i];
    }

    const Cell *find(quint64 key) const
    {
        if (m_keys.empty())
            return nullptr;
        const size_t i = probe(key);
        return m_keys[i] == kEmpty ? nullptr : &m_cells[i];
    }

    Cell *find(quint64 key) { return const_cast<Cell *>(std::as_const(*this).find(key)); }

    size_t occupied() const { return m_used; }

    template<typename F>
    void forEach(F &&f) const
    {
        for (size_t i = 0; i < m_keys.size(); ++i) {
            if (m_keys[i] != kEmpty)
                f(m_keys[i], m_cells[i]);
        }
    }

    void reserve(size_t n)
    {
        while (n * 10 > m_keys.size() * 7)
            grow();
    }

private:
    static constexpr quint64 kEmpty = ~quint64(0);

    size_t probe(quint64 key) const
    {
        const size_t mask = m_keys.size() - 1;
        size_t i = size_t((key * 0x9E3779B97F4A7C15ull) >> 20) & mask;
        while (m_keys[i] != kEmpty && m_keys[i] != key)
            i = (i + 1) & mask;
        return i;
    }

    void grow()
    {
        std::vector<quint64> keys = std::move(m_keys);
        std::vector<Cell> cells = std::move(m_cells);
        m_keys.assign(std::max<size_t>(64, keys.size() * 2), kEmpty);
        m_cells.assign(m_keys.size(), Cell{});
        for (size_t i = 0; i < keys.size(); ++i) {
            if (keys[i] != kEmpty) {
                const size_t j = probe(keys[i]);
                m_keys[j] = keys[i];
                m_cells[j] = cells[i];
            }
        }
    }

    std::vector<quint64> m_keys;
    std::vector<Cell> m_cells;
    size_t m_used = 0;
};

ClusterIndex::ClusterIndex()
{
    clear();
}

ClusterIndex::~ClusterIndex() = default;

void ClusterIndex::clear()
{
    m_slots.clear();
    m_free.clear();
    m_ids.clear();
    m_unpositioned = 0;
    m_levels.clear();
    for (int l = 0; l < kLevels; ++l)
        m_levels.push_back(std::make_unique<CellMap>());
}

void ClusterIndex::build(const QList<MapPoint> &points)
{
    // Bulk load: place every router, sort them along a Z-order curve of their deepest cells
    // (so every cell of every level is one run), then write each cell once per level.
    clear();
    m_slots.reserve(points.size());
    m_ids.reserve(points.size());
    std::vector<std::pair<quint64, int>> order;
    order.reserve(points.size());
    QList<MapPoint> repeated;
    const int leafShift = 32 - cellBits(kLeaf);
    for (const MapPoint &p : points) {
        if (m_ids.contains(p.routerId)) {
            repeated.append(p);   // a later entry for the same router wins, as upsert would
            continue;
        }
        const int slot = allocateSlot();
        Slot &s = m_slots[slot];
        s.id = p.routerId;
        s.used = true;
        s.state = p.state;
        s.positioned = p.hasPosition();
        m_ids.insert(p.routerId, slot);
        if (!s.positioned) {
            ++m_unpositioned;
            continue;
        }
        const QPointF w = Projection::toWorld(p.position);
        s.x = toUnits(w.x());
        s.y = toUnits(w.y());
        order.emplace_back(mortonCode(s.x >> leafShift, s.y >> leafShift), slot);
    }
    std::sort(order.begin(), order.end());
    for (int l = kLeaf; l >= 0; --l)
        loadLevel(l, order);
    for (const MapPoint &p : std::as_const(repeated))
        upsert(p);
}

void ClusterIndex::loadLevel(int level, const std::vector<std::pair<quint64, int>> &order)
{
    const int drop = 2 * (kLeaf - level);   // Z-order bits below this level's cells
    const int shift = 32 - cellBits(level);
    CellMap &cells = *m_levels[level];
    size_t runs = 0;
    for (size_t i = 0; i < order.size(); ++i)
        runs += (i == 0 || (order[i].first >> drop) != (order[i - 1].first >> drop)) ? 1 : 0;
    cells.reserve(runs);

    for (size_t i = 0; i < order.size();) {
        const quint64 code = order[i].first >> drop;
        const Slot &first = m_slots[order[i].second];
        CellMap::Cell &c = cells.obtain(cellKey(first.x >> shift, first.y >> shift));
        for (; i < order.size() && (order[i].first >> drop) == code; ++i) {
            const int slot = order[i].second;
            Slot &s = m_slots[slot];
            ++c.counts.n[static_cast<int>(s.state)];
            c.xorSlot ^= quint32(slot);
            c.sumX += s.x;
            c.sumY += s.y;
            if (level == kLeaf) {
                s.prev = -1;
                s.next = c.head;
                if (c.head >= 0)
                    m_slots[c.head].prev = slot;
                c.head = slot;
            }
        }
    }
}

int ClusterIndex::allocateSlot()
{
    if (!m_free.empty()) {
        const int slot = m_free.back();
        m_free.pop_back();
        return slot;
    }
    m_slots.emplace_back();
    return int(m_slots.size() - 1);
}

void ClusterIndex::upsert(const MapPoint &point)
{
    int slot = m_ids.value(point.routerId, -1);
    if (slot < 0) {
        slot = allocateSlot();
        m_slots[slot].id = point.routerId;
        m_slots[slot].used = true;
        m_ids.insert(point.routerId, slot);
        ++m_unpositioned;   // until placed below
    } else if (m_slots[slot].positioned) {
        removeFromCells(slot);
    } else {
        // still counted as unpositioned
    }

    Slot &s = m_slots[slot];
    s.state = point.state;
    if (s.positioned != point.hasPosition())
        m_unpositioned += point.hasPosition() ? -1 : 1;
    s.positioned = point.hasPosition();
    if (s.positioned) {
        const QPointF w = Projection::toWorld(point.position);
        s.x = toUnits(w.x());
        s.y = toUnits(w.y());
        addToCells(slot);
    }
}

bool ClusterIndex::remove(const QString &routerId)
{
    const int slot = m_ids.value(routerId, -1);
    if (slot < 0)
        return false;
    if (m_slots[slot].positioned)
        removeFromCells(slot);
    else
        --m_unpositioned;
    m_ids.remove(routerId);
    m_slots[slot] = Slot{};
    m_free.push_back(slot);
    return true;
}

void ClusterIndex::addToCells(int slot)
{
    Slot &s = m_slots[slot];
    for (int l = 0; l < kLevels; ++l) {
        const int shift = 32 - cellBits(l);
        CellMap::Cell &c = m_levels[l]->obtain(cellKey(s.x >> shift, s.y >> shift));
        ++c.counts.n[static_cast<int>(s.state)];
        c.xorSlot ^= quint32(slot);
        c.sumX += s.x;
        c.sumY += s.y;
        if (l == kLeaf) {
            s.prev = -1;
            s.next = c.head;
            if (c.head >= 0)
                m_slots[c.head].prev = slot;
            c.head = slot;
        }
    }
}

void ClusterIndex::removeFromCells(int slot)
{
    Slot &s = m_slots[slot];
    for (int l = 0; l < kLevels; ++l) {
        const int shift = 32 - cellBits(l);
        CellMap::Cell *c = &m_levels[l]->obtain(cellKey(s.x >> shift, s.y >> shift));   // exists
        --c->counts.n[static_cast<int>(s.state)];
        c->xorSlot ^= quint32(slot);
        c->sumX -= s.x;
        c->sumY -= s.y;
        if (l == kLeaf) {
            if (s.prev >= 0)
                m_slots[s.prev].next = s.next;
            else
                c->head = s.next;
            if (s.next >= 0)
                m_slots[s.next].prev = s.prev;
            s.prev = s.next = -1;
        }
    }
}

std::optional<MapPoint> ClusterIndex::point(const QString &routerId) const
{
    const int slot = m_ids.value(routerId, -1);
    if (slot < 0)
        return std::nullopt;
    const Slot &s = m_slots[slot];
    MapPoint p{s.id, {}, s.state};
    if (s.positioned)
        p.position = Projection::toGeo({(s.x + 0.5) / kWorldUnits, (s.y + 0.5) / kWorldUnits});
    return p;
}

StateCounts ClusterIndex::totals() const
{
    StateCounts t;
    for (const Slot &s : m_slots) {
        if (s.used)
            ++t.n[static_cast<int>(s.state)];
    }
    return t;
}

StateCounts ClusterIndex::cellCounts(int level, const QPointF &world) const
{
    const int shift = 32 - cellBits(level);
    const double x = world.x() - std::floor(world.x());
    const CellMap::Cell *c =
        m_levels[level]->find(cellKey(toUnits(x) >> shift, toUnits(world.y()) >> shift));
    return c ? c->counts : StateCounts{};
}

QList<MapCluster> ClusterIndex::query(double zoom, const QRectF &worldRect) const
{
    QList<MapCluster> out;
    const QRectF rect = worldRect.normalized();
    if (zoom < kMaxClusterZoom + 1)
        queryLevel(std::clamp(int(std::floor(zoom)), 0, kLeaf), rect, out);
    else
        queryLeaves(zoom, rect, out);
    return out;
}

QList<MapCluster> ClusterIndex::queryMerged(double zoom, const QRectF &worldRect,
                                            double mergeRadius) const
{
    QList<MapCluster> raw = query(zoom, worldRect);
    if (zoom >= kMaxClusterZoom + 1 || mergeRadius <= 0 || raw.size() < 2)
        return raw;
    std::sort(raw.begin(), raw.end(), [](const MapCluster &a, const MapCluster &b) {
        return a.counts.total() > b.counts.total();
    });

    // Greedy leaders on a grid of the merge radius: each item joins the first leader within
    // reach in the 3 x 3 neighbouring grid cells, or leads itself.
    QList<MapCluster> leaders;
    QHash<quint64, QList<int>> grid;
    auto gridKey = [](qint64 gx, qint64 gy) { return (quint64(gx) << 32) ^ quint64(quint32(gy)); };
    for (const MapCluster &c : std::as_const(raw)) {
        const qint64 gx = qint64(std::floor(c.world.x() / mergeRadius));
        const qint64 gy = qint64(std::floor(c.world.y() / mergeRadius));
        int leader = -1;
        for (qint64 dx = -1; dx <= 1 && leader < 0; ++dx) {
            for (qint64 dy = -1; dy <= 1 && leader < 0; ++dy) {
                for (int i : grid.value(gridKey(gx + dx, gy + dy))) {
                    const QPointF d = leaders[i].world - c.world;
                    if (d.x() * d.x() + d.y() * d.y() <= mergeRadius * mergeRadius) {
                        leader = i;
                        break;
                    }
                }
            }
        }
        if (leader < 0) {
            grid[gridKey(gx, gy)].append(int(leaders.size()));
            leaders.append(c);
            continue;
        }
        MapCluster &l = leaders[leader];
        // The merged area: members are listed from it (it may take in a stray router between
        // two diagonal cells; a click only zooms to them).
        const QRectF cRect = c.isSingle() ? QRectF(c.world, QSizeF(1e-12, 1e-12)) : c.cellWorld;
        const QRectF lRect = l.isSingle() ? QRectF(l.world, QSizeF(1e-12, 1e-12)) : l.cellWorld;
        l.cellWorld = lRect.united(cRect);
        const double wl = l.counts.total(), wc = c.counts.total();
        l.world = (l.world * wl + c.world * wc) / (wl + wc);
        for (int s = 0; s < kRouterStateCount; ++s)
            l.counts.n[s] += c.counts.n[s];
        l.routerId.clear();
    }
    return leaders;
}

MapCluster ClusterIndex::singleAt(int slot, double offset) const
{
    const Slot &s = m_slots[slot];
    MapCluster m;
    m.world = {s.x / kWorldUnits + offset, s.y / kWorldUnits};
    m.counts.n[static_cast<int>(s.state)] = 1;
    m.routerId = s.id;
    m.cellWorld = QRectF(m.world, QSizeF(0, 0));
    return m;
}

void ClusterIndex::emitCell(int level, qint64 x, qint64 y, const void *cell,
                            QList<MapCluster> &out) const
{
    const auto *c = static_cast<const CellMap::Cell *>(cell);
    const quint32 total = c->counts.total();
    if (total == 0)
        return;
    const qint64 n = qint64(1) << cellBits(level);
    const qint64 copy = x >= 0 ? x / n : -((-x + n - 1) / n);
    if (total == 1)
        return out.append(singleAt(int(c->xorSlot), double(copy)));
    MapCluster m;
    m.world = {double(c->sumX) / total / kWorldUnits + copy, double(c->sumY) / total / kWorldUnits};
    m.counts = c->counts;
    m.cellWorld = QRectF(double(x) / n, double(y) / n, 1.0 / n, 1.0 / n);
    out.append(m);
}

void ClusterIndex::queryLevel(int level, const QRectF &rect, QList<MapCluster> &out) const
{
    const qint64 n = qint64(1) << cellBits(level);
    const qint64 x0 = qint64(std::floor(rect.left() * n));
    const qint64 x1 = std::min(qint64(std::ceil(rect.right() * n)) - 1, x0 + 4 * n - 1);
    const qint64 y0 = std::max<qint64>(0, qint64(std::floor(rect.top() * n)));
    const qint64 y1 = std::min<qint64>(n - 1, qint64(std::ceil(rect.bottom() * n)) - 1);
    const CellMap &cells = *m_levels[level];
    if (x1 < x0 || y1 < y0)
        return;

    // A viewport holds a few hundred cells: look each up. A huge rectangle (tests, export of
    // the whole world at a deep level) walks the occupied cells instead.
    if (quint64(x1 - x0 + 1) * quint64(y1 - y0 + 1) > cells.occupied()) {
        const qint64 firstCopy = x0 >= 0 ? x0 / n : -((-x0 + n - 1) / n);
        cells.forEach([&](quint64 key, const CellMap::Cell &c) {
            const qint64 cx = qint64(key >> 32), cy = qint64(key & 0xffffffffu);
            if (cy < y0 || cy > y1)
                return;
            for (qint64 x = cx + firstCopy * n; x <= x1; x += n) {
                if (x >= x0)
                    emitCell(level, x, cy, &c, out);
            }
        });
        return;
    }
    for (qint64 x = x0; x <= x1; ++x) {
        const qint64 copy = x >= 0 ? x / n : -((-x + n - 1) / n);
        for (qint64 y = y0; y <= y1; ++y) {
            if (const CellMap::Cell *c = cells.find(cellKey(quint32(x - copy * n), quint32(y))))
                emitCell(level, x, y, c, out);
        }
    }
}

void ClusterIndex::queryLeaves(double zoom, const QRectF &rect, QList<MapCluster> &out) const
{
    // Beyond the pyramid: single routers, except those within a few pixels of each other.
    const int binShift = std::clamp(32 - 8 - int(std::floor(zoom)) + 2, 0, 31);
    QList<MapCluster> level;
    queryLevel(kLeaf, rect, level);
    for (const MapCluster &leaf : std::as_const(level)) {
        if (leaf.isSingle()) {
            out.append(leaf);
            continue;
        }
        const qint64 n = qint64(1) << cellBits(kLeaf);
        const double copy = std::floor(leaf.cellWorld.left());
        const quint32 cx = quint32(qint64(std::floor(leaf.cellWorld.left() * n)) - qint64(copy) * n);
        const quint32 cy = quint32(std::floor(leaf.cellWorld.top() * n));
        const CellMap::Cell *c = m_levels[kLeaf]->find(cellKey(cx, cy));
        if (!c)
            continue;
        QHash<quint64, QList<int>> bins;
        for (int slot = c->head; slot >= 0; slot = m_slots[slot].next)
            bins[cellKey(m_slots[slot].x >> binShift, m_slots[slot].y >> binShift)].append(slot);
        for (const QList<int> &members : std::as_const(bins)) {
            if (members.size() == 1) {
                out.append(singleAt(members.first(), copy));
                continue;
            }
            MapCluster m;
            double sx = 0, sy = 0;
            for (int slot : members) {
                ++m.counts.n[static_cast<int>(m_slots[slot].state)];
                sx += m_slots[slot].x;
                sy += m_slots[slot].y;
            }
            m.world = {sx / members.size() / kWorldUnits + copy, sy / members.size() / kWorldUnits};
            const double bin = double(quint64(1) << binShift) / kWorldUnits;
            const quint32 bx = m_slots[members.first()].x >> binShift;
            const quint32 by = m_slots[members.first()].y >> binShift;
            m.cellWorld = QRectF(bx * bin + copy, by * bin, bin, bin);
            out.append(m);
        }
    }
}

QStringList ClusterIndex::membersIn(const QRectF &worldRect) const
{
    const QRectF r = worldRect.normalized();
    const double copy = std::floor(r.left());
    const QRectF base = r.translated(-copy, 0);
    QStringList ids;
    for (const Slot &s : m_slots) {
        if (!s.used || !s.positioned)
            continue;
        const double x = s.x / kWorldUnits;
        const double y = s.y / kWorldUnits;
        const bool inX = (x >= base.left() && x < base.right())
                         || (x + 1 >= base.left() && x + 1 < base.right());
        if (inX && y >= base.top() && y < base.bottom())
            ids.append(s.id);
    }
    return ids;
}

} // namespace fw::geo
