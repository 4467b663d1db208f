#include "geo/geofencemonitor.h"

#include <QSignalSpy>
#include <QTest>

using namespace fw::geo;
using namespace Qt::Literals::StringLiterals;

class tst_GeofenceMonitor : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void crossings_data();
    void crossings();
    void firstSightingIsNotACrossing();
    void drawingAFenceIsNotACrossing();
    void listsRoutersInside();
    void unknownPositionLeavesSilently();
};

namespace {

Geofence depot()
{
    Geofence f;
    f.name = u"depot"_s;
    f.center = QGeoCoordinate(52.52, 13.405);
    f.radiusMetres = 1000;
    return f;
}

MapPoint router(const QString &id, const QGeoCoordinate &c)
{
    return MapPoint{id, c, RouterState::Online};
}

} // namespace

void tst_GeofenceMonitor::crossings_data()
{
    QTest::addColumn<QList<QGeoCoordinate>>("path");
    QTest::addColumn<QList<int>>("directions");   // 0 enter, 1 exit
    const QGeoCoordinate in(52.52, 13.405), out(52.60, 13.405);
    QTest::newRow("stays outside") << QList<QGeoCoordinate>{out, out} << QList<int>{};
    QTest::newRow("enters") << QList<QGeoCoordinate>{out, in} << QList<int>{0};
    QTest::newRow("enters and leaves") << QList<QGeoCoordinate>{out, in, in, out} << QList<int>{0, 1};
    QTest::newRow("starts inside, leaves") << QList<QGeoCoordinate>{in, out} << QList<int>{1};
}

void tst_GeofenceMonitor::crossings()
{
    QFETCH(QList<QGeoCoordinate>, path);
    QFETCH(QList<int>, directions);
    GeofenceSet set;
    const QUuid id = set.add(depot());
    GeofenceMonitor monitor(&set);
    QSignalSpy spy(&monitor, &GeofenceMonitor::crossed);
    for (const QGeoCoordinate &c : std::as_const(path))
        monitor.updateRouter(router(u"r1"_s, c));
    QCOMPARE(spy.size(), directions.size());
    for (qsizetype i = 0; i < spy.size(); ++i) {
        const auto crossing = spy.at(i).at(0).value<GeofenceCrossing>();
        QCOMPARE(crossing.fenceId, id);
        QCOMPARE(crossing.fenceName, u"depot"_s);
        QCOMPARE(crossing.routerId, u"r1"_s);
        QCOMPARE(int(crossing.direction), directions[i]);
        QVERIFY(crossing.at.isValid());
    }
}

void tst_GeofenceMonitor::firstSightingIsNotACrossing()
{
    GeofenceSet set;
    set.add(depot());
    GeofenceMonitor monitor(&set);
    QSignalSpy spy(&monitor, &GeofenceMonitor::crossed);
    monitor.updateRouter(router(u"r1"_s, QGeoCoordinate(52.52, 13.405)));
    QCOMPARE(spy.size(), 0);
    QCOMPARE(monitor.routersInside(set.fences().first().id), QStringList{u"r1"_s});
}

void tst_GeofenceMonitor::drawingAFenceIsNotACrossing()
{
    GeofenceSet set;
    GeofenceMonitor monitor(&set);
    QSignalSpy spy(&monitor, &GeofenceMonitor::crossed);
    monitor.updateRouter(router(u"r1"_s, QGeoCoordinate(52.52, 13.405)));
    const QUuid id = set.add(depot());
    QCOMPARE(monitor.routersInside(id), QStringList{u"r1"_s});
    Geofence moved = *set.fence(id);
    moved.center = QGeoCoordinate(0, 0);
    set.update(moved);
    QVERIFY(monitor.routersInside(id).isEmpty());
    QCOMPARE(spy.size(), 0);
}

void tst_GeofenceMonitor::listsRoutersInside()
{
    GeofenceSet set;
    const QUuid id = set.add(depot());
    GeofenceMonitor monitor(&set);
    monitor.updateRouter(router(u"b"_s, QGeoCoordinate(52.521, 13.405)));
    monitor.updateRouter(router(u"a"_s, QGeoCoordinate(52.519, 13.406)));
    monitor.updateRouter(router(u"far"_s, QGeoCoordinate(48, 11)));
    QCOMPARE(monitor.routersInside(id), (QStringList{u"a"_s, u"b"_s}));
    QCOMPARE(monitor.fencesContaining(u"a"_s), QList<QUuid>{id});
    set.remove(id);
    QVERIFY(monitor.routersInside(id).isEmpty());
}

void tst_GeofenceMonitor::unknownPositionLeavesSilently()
{
    GeofenceSet set;
    const QUuid id = set.add(depot());
    GeofenceMonitor monitor(&set);
    QSignalSpy spy(&monitor, &GeofenceMonitor::crossed);
    monitor.updateRouter(router(u"r1"_s, QGeoCoordinate(52.52, 13.405)));
    monitor.updateRouter(MapPoint{u"r1"_s, {}, RouterState::Offline});
    QVERIFY(monitor.routersInside(id).isEmpty());
    QCOMPARE(spy.size(), 0);
}

QTEST_GUILESS_MAIN(tst_GeofenceMonitor)
#include "tst_geofencemonitor.moc"
