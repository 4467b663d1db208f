#include "geo/clusterindex.h"
#include "geo/projection.h"

#include <QRandomGenerator>
#include <QLineF>
#include <QTest>

#include <cmath>
#include <tuple>

using namespace fw::geo;
using namespace Qt::Literals::StringLiterals;

namespace {

MapPoint at(const QString &id, double lat, double lon, RouterState s)
{
    return MapPoint{id, QGeoCoordinate(lat, lon), s};
}

RouterState randomState(QRandomGenerator &rng)
{
    return static_cast<RouterState>(rng.bounded(kRouterStateCount));
}

QGeoCoordinate randomPlace(QRandomGenerator &rng)
{
    // Mostly around a few cities, some anywhere, some on the antimeridian.
    static const QGeoCoordinate cities[] = {{52.5, 13.4}, {40.7, -74.0}, {-33.9, 151.2}, {-17.8, 179.9}};
    const int pick = rng.bounded(6);
    if (pick < 4) {
        const QGeoCoordinate c = cities[pick];
        return QGeoCoordinate(c.latitude() + rng.generateDouble() - 0.5,
                              Projection::wrapLongitude(c.longitude() + rng.generateDouble() - 0.5));
    }
    return QGeoCoordinate(rng.generateDouble() * 160 - 80, rng.generateDouble() * 360 - 180);
}

// The brute-force count of the points whose position falls in a cell of a level.
StateCounts recount(const QHash<QString, MapPoint> &truth, int level, const QRectF &cell)
{
    const double n = std::exp2(level + 2);
    const QPointF probe = cell.center();
    const qint64 cx = qint64(std::floor(probe.x() * n)) & ((qint64(1) << (level + 2)) - 1);
    const qint64 cy = qint64(std::floor(probe.y() * n));
    StateCounts c;
    for (const MapPoint &p : truth) {
        if (!p.hasPosition())
            continue;
        const QPointF w = Projection::toWorld(p.position);
        if (qint64(std::floor(w.x() * n)) == cx && qint64(std::floor(w.y() * n)) == cy)
            ++c.n[static_cast<int>(p.state)];
    }
    return c;
}

} // namespace

class tst_ClusterIndex : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void worstState_data();
    void worstState();
    void countsMatchBruteForceAfterRandomChanges_data();
    void countsMatchBruteForceAfterRandomChanges();
    void stateChangeUpdatesCountsInPlace();
    void singlePointIsNamed();
    void unpositionedAreCountedNotIndexed();
    void queryAcrossAntimeridian_data();
    void queryAcrossAntimeridian();
    void beyondMaxZoomKeepsColocatedTogether();
    void membersOfACluster();
    void removeForgetsRouter();
    void bulkBuildEqualsIncremental();
    void mergedQueryKeepsEveryRouter_data();
    void mergedQueryKeepsEveryRouter();
};

void tst_ClusterIndex::worstState_data()
{
    QTest::addColumn<QList<int>>("counts");   // online, unknown, alarmed, offline
    QTest::addColumn<int>("worst");
    QTest::newRow("all online") << QList<int>{5, 0, 0, 0} << int(RouterState::Online);
    QTest::newRow("one unknown among online") << QList<int>{99, 1, 0, 0} << int(RouterState::Unknown);
    QTest::newRow("alarmed beats unknown") << QList<int>{10, 4, 1, 0} << int(RouterState::Alarmed);
    QTest::newRow("one offline beats all") << QList<int>{1000, 3, 2, 1} << int(RouterState::Offline);
    QTest::newRow("empty is online") << QList<int>{0, 0, 0, 0} << int(RouterState::Online);
}

void tst_ClusterIndex::worstState()
{
    QFETCH(QList<int>, counts);
    QFETCH(int, worst);
    StateCounts c;
    for (int i = 0; i < kRouterStateCount; ++i)
        c.n[i] = quint32(counts[i]);
    QCOMPARE(int(c.worst()), worst);
}

void tst_ClusterIndex::countsMatchBruteForceAfterRandomChanges_data()
{
    QTest::addColumn<int>("points");
    QTest::addColumn<int>("changes");
    QTest::addColumn<quint32>("seed");
    QTest::newRow("2000 points, 3000 changes") << 2000 << 3000 << 7u;
    QTest::newRow("500 points, 5000 changes") << 500 << 5000 << 42u;
    QTest::newRow("50 points, 200 changes") << 50 << 200 << 1u;
}

void tst_ClusterIndex::countsMatchBruteForceAfterRandomChanges()
{
    QFETCH(int, points);
    QFETCH(int, changes);
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);
    QHash<QString, MapPoint> truth;
    for (int i = 0; i < points; ++i) {
        const MapPoint p{u"r%1"_s.arg(i), randomPlace(rng), randomState(rng)};
        truth.insert(p.routerId, p);
    }
    ClusterIndex index;
    index.build(truth.values());

    for (int i = 0; i < changes; ++i) {
        const QString id = u"r%1"_s.arg(rng.bounded(points + 20));
        MapPoint p = truth.value(id, MapPoint{id, {}, RouterState::Unknown});
        switch (rng.bounded(5)) {
        case 0: p.state = randomState(rng); break;
        case 1: case 2: p.position = randomPlace(rng); break;
        case 3: p.position = QGeoCoordinate(); break;
        case 4: index.remove(id); truth.remove(id); continue;
        }
        index.upsert(p);
        truth.insert(id, p);
    }

    qsizetype unpositioned = 0;
    StateCounts all;
    for (const MapPoint &p : std::as_const(truth)) {
        unpositioned += p.hasPosition() ? 0 : 1;
        ++all.n[static_cast<int>(p.state)];
    }
    QCOMPARE(index.size(), truth.size());
    QCOMPARE(index.unpositionedCount(), unpositioned);
    QCOMPARE(index.totals(), all);

    for (int level : {0, 2, 5, 9, 13, 16}) {
        const QList<MapCluster> clusters = index.query(level, QRectF(0, 0, 1, 1));
        quint32 seen = 0;
        for (const MapCluster &c : clusters) {
            seen += c.counts.total();
            if (c.isSingle()) {
                QCOMPARE(c.counts.total(), 1u);
                QVERIFY(truth.value(c.routerId).hasPosition());
                QCOMPARE(c.counts.worst(), truth.value(c.routerId).state);
                continue;
            }
            QCOMPARE(c.counts, recount(truth, level, c.cellWorld));
            QCOMPARE(c.counts, index.cellCounts(level, c.cellWorld.center()));
        }
        QCOMPARE(qsizetype(seen), truth.size() - unpositioned);
    }
}

void tst_ClusterIndex::stateChangeUpdatesCountsInPlace()
{
    ClusterIndex index;
    index.build({at(u"a"_s, 52.5, 13.4, RouterState::Online), at(u"b"_s, 52.51, 13.41, RouterState::Online)});
    QList<MapCluster> c = index.query(3, QRectF(0, 0, 1, 1));
    QCOMPARE(c.size(), 1);
    QCOMPARE(c.first().counts.worst(), RouterState::Online);

    index.upsert(at(u"b"_s, 52.51, 13.41, RouterState::Offline));
    c = index.query(3, QRectF(0, 0, 1, 1));
    QCOMPARE(c.size(), 1);
    QCOMPARE(c.first().counts.count(RouterState::Offline), 1u);
    QCOMPARE(c.first().counts.count(RouterState::Online), 1u);
    QCOMPARE(c.first().counts.worst(), RouterState::Offline);
}

void tst_ClusterIndex::singlePointIsNamed()
{
    ClusterIndex index;
    index.build({at(u"a"_s, 52.5, 13.4, RouterState::Alarmed), at(u"b"_s, -33.9, 151.2, RouterState::Online)});
    const QList<MapCluster> c = index.query(2, QRectF(0, 0, 1, 1));
    QCOMPARE(c.size(), 2);
    QStringList ids{c[0].routerId, c[1].routerId};
    ids.sort();
    QCOMPARE(ids, (QStringList{u"a"_s, u"b"_s}));
    const QPointF expected = Projection::toWorld(13.4, 52.5);
    const MapCluster &a = c[0].routerId == u"a"_s ? c[0] : c[1];
    QVERIFY(QLineF(a.world, expected).length() < 1e-8);
}

void tst_ClusterIndex::unpositionedAreCountedNotIndexed()
{
    ClusterIndex index;
    index.build({MapPoint{u"nowhere"_s, {}, RouterState::Offline}, at(u"a"_s, 0.5, 0.5, RouterState::Online)});
    QCOMPARE(index.unpositionedCount(), 1);
    QCOMPARE(index.positionedCount(), 1);
    const QList<MapCluster> c = index.query(10, QRectF(0, 0, 1, 1));
    QCOMPARE(c.size(), 1);
    QCOMPARE(c.first().routerId, u"a"_s);

    index.upsert(at(u"nowhere"_s, 10, 10, RouterState::Offline));
    QCOMPARE(index.unpositionedCount(), 0);
    index.upsert(MapPoint{u"a"_s, {}, RouterState::Online});
    QCOMPARE(index.unpositionedCount(), 1);
    QCOMPARE(index.query(10, QRectF(0, 0, 1, 1)).size(), 1);
}

void tst_ClusterIndex::queryAcrossAntimeridian_data()
{
    QTest::addColumn<double>("zoom");
    QTest::newRow("zoom 3") << 3.0;
    QTest::newRow("zoom 8.5") << 8.5;
    QTest::newRow("zoom 18") << 18.0;
}

void tst_ClusterIndex::queryAcrossAntimeridian()
{
    QFETCH(double, zoom);
    ClusterIndex index;
    index.build({at(u"west"_s, -17.8, 179.9999, RouterState::Online),
                 at(u"east"_s, -17.8, -179.9999, RouterState::Offline),
                 at(u"far"_s, 0, 0, RouterState::Online)});
    // A view centred on the antimeridian, unwrapped past x = 1.
    const QPointF centre(1.0, Projection::toWorld(180, -17.8).y());
    const double half = 400 / Projection::worldSize(zoom);
    const QList<MapCluster> c = index.query(zoom, QRectF(centre - QPointF(half, half), centre + QPointF(half, half)));
    StateCounts sum;
    for (const MapCluster &m : c) {
        QVERIFY2(std::abs(m.world.x() - 1.0) < 2 * half, qPrintable(QString::number(m.world.x())));
        for (int s = 0; s < kRouterStateCount; ++s)
            sum.n[s] += m.counts.n[s];
    }
    QCOMPARE(sum.total(), 2u);
    QCOMPARE(sum.count(RouterState::Offline), 1u);
}

void tst_ClusterIndex::beyondMaxZoomKeepsColocatedTogether()
{
    ClusterIndex index;
    QList<MapPoint> pts;
    for (int i = 0; i < 5; ++i)
        pts.append(at(u"same%1"_s.arg(i), 48.1, 11.5, i == 3 ? RouterState::Alarmed : RouterState::Online));
    pts.append(at(u"apart"_s, 48.1005, 11.5005, RouterState::Online));
    index.build(pts);
    const QList<MapCluster> c = index.query(19, QRectF(Projection::toWorld(11.49, 48.11), Projection::toWorld(11.51, 48.09)));
    QCOMPARE(c.size(), 2);
    const MapCluster &group = c[0].isSingle() ? c[1] : c[0];
    QCOMPARE(group.counts.total(), 5u);
    QCOMPARE(group.counts.worst(), RouterState::Alarmed);
    QCOMPARE(index.membersIn(group.cellWorld).size(), 5);
}

void tst_ClusterIndex::membersOfACluster()
{
    ClusterIndex index;
    index.build({at(u"a"_s, 52.5, 13.4, RouterState::Online), at(u"b"_s, 52.6, 13.5, RouterState::Online),
                 at(u"c"_s, 10, 10, RouterState::Online)});
    const QList<MapCluster> c = index.query(1, QRectF(0, 0, 1, 1));
    for (const MapCluster &m : c) {
        if (m.isSingle())
            continue;
        QStringList members = index.membersIn(m.cellWorld);
        members.sort();
        QCOMPARE(members, (QStringList{u"a"_s, u"b"_s}));
        // The same cell seen in the next world copy names the same routers.
        QCOMPARE(index.membersIn(m.cellWorld.translated(1, 0)).size(), 2);
    }
}

void tst_ClusterIndex::removeForgetsRouter()
{
    ClusterIndex index;
    index.build({at(u"a"_s, 1, 1, RouterState::Online), at(u"b"_s, 1.001, 1.001, RouterState::Offline)});
    QVERIFY(index.remove(u"b"_s));
    QVERIFY(!index.remove(u"b"_s));
    const QList<MapCluster> c = index.query(0, QRectF(0, 0, 1, 1));
    QCOMPARE(c.size(), 1);
    QCOMPARE(c.first().routerId, u"a"_s);
    QVERIFY(!index.point(u"b"_s));
}

void tst_ClusterIndex::bulkBuildEqualsIncremental()
{
    QRandomGenerator rng(11);
    QList<MapPoint> pts;
    for (int i = 0; i < 4000; ++i)
        pts.append(MapPoint{u"b%1"_s.arg(rng.bounded(3500)), randomPlace(rng), randomState(rng)});   // some repeat
    pts.append(MapPoint{u"nowhere"_s, {}, RouterState::Unknown});
    ClusterIndex bulk, incremental;
    bulk.build(pts);
    for (const MapPoint &p : std::as_const(pts))
        incremental.upsert(p);
    QCOMPARE(bulk.size(), incremental.size());
    QCOMPARE(bulk.unpositionedCount(), incremental.unpositionedCount());
    for (int level : {0, 4, 8, 12, 16}) {
        auto key = [](const MapCluster &c) {
            return std::tuple(c.world.x(), c.world.y(), c.routerId);
        };
        QList<MapCluster> a = bulk.query(level, QRectF(0, 0, 1, 1));
        QList<MapCluster> b = incremental.query(level, QRectF(0, 0, 1, 1));
        QCOMPARE(a.size(), b.size());
        std::sort(a.begin(), a.end(), [&](const MapCluster &x, const MapCluster &y) { return key(x) < key(y); });
        std::sort(b.begin(), b.end(), [&](const MapCluster &x, const MapCluster &y) { return key(x) < key(y); });
        for (qsizetype i = 0; i < a.size(); ++i) {
            QVERIFY2(a[i].counts == b[i].counts,
                     qPrintable(u"level %1: %2 vs %3 routers at %4,%5"_s.arg(level).arg(a[i].counts.total())
                                    .arg(b[i].counts.total()).arg(a[i].world.x()).arg(a[i].world.y())));
            QCOMPARE(a[i].routerId, b[i].routerId);
        }
    }
}

void tst_ClusterIndex::mergedQueryKeepsEveryRouter_data()
{
    QTest::addColumn<double>("zoom");
    QTest::newRow("world") << 2.0;
    QTest::newRow("continent") << 4.5;
    QTest::newRow("city") << 9.0;
}

void tst_ClusterIndex::mergedQueryKeepsEveryRouter()
{
    QFETCH(double, zoom);
    QRandomGenerator rng(5);
    QList<MapPoint> pts;
    StateCounts all;
    for (int i = 0; i < 3000; ++i) {
        pts.append(MapPoint{u"m%1"_s.arg(i), randomPlace(rng), randomState(rng)});
        ++all.n[static_cast<int>(pts.last().state)];
    }
    ClusterIndex index;
    index.build(pts);
    const double radius = 44 / Projection::worldSize(zoom);
    const QList<MapCluster> raw = index.query(zoom, QRectF(0, 0, 1, 1));
    const QList<MapCluster> merged = index.queryMerged(zoom, QRectF(0, 0, 1, 1), radius);
    QVERIFY(merged.size() <= raw.size());
    StateCounts sum;
    for (const MapCluster &m : merged) {
        for (int s = 0; s < kRouterStateCount; ++s)
            sum.n[s] += m.counts.n[s];
        QCOMPARE(m.isSingle(), m.counts.total() == 1);
    }
    QCOMPARE(sum, all);
    // No two leaders closer than half the radius (a leader's centroid may drift towards one).
    for (qsizetype i = 0; i < merged.size(); ++i) {
        for (qsizetype j = i + 1; j < merged.size(); ++j)
            QVERIFY(QLineF(merged[i].world, merged[j].world).length() > radius / 2);
    }
}

QTEST_APPLESS_MAIN(tst_ClusterIndex)
#include "tst_clusterindex.moc"
