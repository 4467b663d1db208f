#include "geo/geofence.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fw::geo;
using namespace Qt::Literals::StringLiterals;

namespace {

Geofence circle(double lat, double lon, double radius)
{
    Geofence f;
    f.name = u"circle"_s;
    f.shape = Geofence::Shape::Circle;
    f.center = QGeoCoordinate(lat, lon);
    f.radiusMetres = radius;
    return f;
}

Geofence polygon(const QList<QGeoCoordinate> &vertices)
{
    Geofence f;
    f.name = u"polygon"_s;
    f.shape = Geofence::Shape::Polygon;
    f.vertices = vertices;
    return f;
}

} // namespace

class tst_Geofence : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contains_data();
    void contains();
    void boundsAcrossAntimeridian();
    void jsonRoundTrip();
    void badJsonChangesNothing_data();
    void badJsonChangesNothing();
    void saveAndLoad();
    void editsAreSignalled();
};

void tst_Geofence::contains_data()
{
    QTest::addColumn<Geofence>("fence");
    QTest::addColumn<QGeoCoordinate>("point");
    QTest::addColumn<bool>("inside");

    const Geofence berlin = circle(52.52, 13.405, 5000);
    QTest::newRow("circle centre") << berlin << QGeoCoordinate(52.52, 13.405) << true;
    QTest::newRow("circle 4 km east") << berlin << QGeoCoordinate(52.52, 13.405).atDistanceAndAzimuth(4000, 90) << true;
    QTest::newRow("circle 6 km north") << berlin << QGeoCoordinate(52.52, 13.405).atDistanceAndAzimuth(6000, 0) << false;
    const Geofence fiji = circle(-17.0, 179.95, 20000);
    QTest::newRow("circle over antimeridian, east side") << fiji << QGeoCoordinate(-17.0, -179.95) << true;

    const Geofence square = polygon({{10, 10}, {10, 20}, {0, 20}, {0, 10}});
    QTest::newRow("square inside") << square << QGeoCoordinate(5, 15) << true;
    QTest::newRow("square outside") << square << QGeoCoordinate(5, 25) << false;
    const Geofence ell = polygon({{0, 0}, {10, 0}, {10, 5}, {5, 5}, {5, 10}, {0, 10}});
    QTest::newRow("concave notch is outside") << ell << QGeoCoordinate(7.5, 7.5) << false;
    QTest::newRow("concave arm is inside") << ell << QGeoCoordinate(2.5, 7.5) << true;

    const Geofence pacific = polygon({{-10, 170}, {-10, -170}, {-25, -170}, {-25, 170}});
    QTest::newRow("antimeridian polygon, west half") << pacific << QGeoCoordinate(-17, 175) << true;
    QTest::newRow("antimeridian polygon, east half") << pacific << QGeoCoordinate(-17, -175) << true;
    QTest::newRow("antimeridian polygon, on the line") << pacific << QGeoCoordinate(-17, 180) << true;
    QTest::newRow("antimeridian polygon, far side of world") << pacific << QGeoCoordinate(-17, 0) << false;
    QTest::newRow("antimeridian polygon, just west") << pacific << QGeoCoordinate(-17, 169) << false;
    QTest::newRow("antimeridian polygon, north of it") << pacific << QGeoCoordinate(-5, 179) << false;
}

void tst_Geofence::contains()
{
    QFETCH(Geofence, fence);
    QFETCH(QGeoCoordinate, point);
    QFETCH(bool, inside);
    QCOMPARE(fence.contains(point), inside);
    if (inside)
        QVERIFY(fence.bounds().contains(point));
}

void tst_Geofence::boundsAcrossAntimeridian()
{
    const QGeoRectangle b = polygon({{-10, 170}, {-10, -170}, {-25, -170}, {-25, 170}}).bounds();
    QVERIFY(b.contains(QGeoCoordinate(-17, 179.5)));
    QVERIFY(b.contains(QGeoCoordinate(-17, -179.5)));
    QVERIFY(!b.contains(QGeoCoordinate(-17, 0)));
}

void tst_Geofence::jsonRoundTrip()
{
    GeofenceSet set;
    set.add(circle(52.5, 13.4, 1200));
    set.add(polygon({{-10, 170}, {-10, -170}, {-25, -170}}));
    GeofenceSet other;
    QString error;
    QVERIFY2(other.fromJson(set.toJson(), &error), qPrintable(error));
    QCOMPARE(other.fences(), set.fences());
}

void tst_Geofence::badJsonChangesNothing_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not json") << QByteArrayLiteral("{nope");
    QTest::newRow("wrong version") << QByteArrayLiteral(R"({"version":2,"geofences":[]})");
    QTest::newRow("unknown shape") << QByteArrayLiteral(
        R"({"version":1,"geofences":[{"id":"6f1c0c2e-7a6e-4a53-9a59-2b1d6b9c0c11","shape":"star"}]})");
    QTest::newRow("negative radius") << QByteArrayLiteral(
        R"({"version":1,"geofences":[{"id":"6f1c0c2e-7a6e-4a53-9a59-2b1d6b9c0c11","shape":"circle","center":[1,2],"radius_m":-5}]})");
    QTest::newRow("latitude out of range") << QByteArrayLiteral(
        R"({"version":1,"geofences":[{"id":"6f1c0c2e-7a6e-4a53-9a59-2b1d6b9c0c11","shape":"polygon","vertices":[[0,0],[1,95],[2,0]]}]})");
    QTest::newRow("two vertices") << QByteArrayLiteral(
        R"({"version":1,"geofences":[{"id":"6f1c0c2e-7a6e-4a53-9a59-2b1d6b9c0c11","shape":"polygon","vertices":[[0,0],[1,1]]}]})");
}

void tst_Geofence::badJsonChangesNothing()
{
    QFETCH(QByteArray, json);
    GeofenceSet set;
    set.add(circle(1, 1, 100));
    const QList<Geofence> before = set.fences();
    QString error;
    QVERIFY(!set.fromJson(json, &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(set.fences(), before);
}

void tst_Geofence::saveAndLoad()
{
    QTemporaryDir dir;
    GeofenceSet set;
    set.add(circle(1, 2, 300));
    QString error;
    const QString path = dir.filePath(u"fences.json"_s);
    QVERIFY2(set.save(path, &error), qPrintable(error));
    GeofenceSet loaded;
    QVERIFY2(loaded.load(path, &error), qPrintable(error));
    QCOMPARE(loaded.fences(), set.fences());
    QVERIFY(!loaded.load(dir.filePath(u"missing.json"_s), &error));
    QCOMPARE(loaded.fences(), set.fences());
}

void tst_Geofence::editsAreSignalled()
{
    GeofenceSet set;
    QSignalSpy added(&set, &GeofenceSet::fenceAdded);
    QSignalSpy changed(&set, &GeofenceSet::fenceChanged);
    QSignalSpy removed(&set, &GeofenceSet::fenceRemoved);
    QVERIFY(set.add(circle(0, 0, -1)).isNull());
    const QUuid id = set.add(circle(0, 0, 10));
    QVERIFY(set.rename(id, u"depot"_s));
    QCOMPARE(set.fence(id)->name, u"depot"_s);
    Geofence f = *set.fence(id);
    f.radiusMetres = 0;
    QVERIFY(!set.update(f));
    f.radiusMetres = 20;
    QVERIFY(set.update(f));
    QVERIFY(set.remove(id));
    QVERIFY(!set.remove(id));
    QCOMPARE(added.size(), 1);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(removed.size(), 1);
}

QTEST_GUILESS_MAIN(tst_Geofence)
#include "tst_geofence.moc"
