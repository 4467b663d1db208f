#include "geo/projection.h"

#include <QLineF>
#include <QTest>

using namespace fw::geo;
using namespace Qt::Literals::StringLiterals;

class tst_Projection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void polesAreClamped_data();
    void polesAreClamped();
    void knownPixels_data();
    void knownPixels();
    void panAcrossAntimeridianWraps();
    void zoomAroundKeepsPointUnderCursor_data();
    void zoomAroundKeepsPointUnderCursor();
    void screenRoundTripAtFractionalZoom();
    void nearestCopyAcrossAntimeridian();
};

void tst_Projection::roundTrip_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("lon");
    QTest::newRow("origin") << 0.0 << 0.0;
    QTest::newRow("berlin") << 52.52 << 13.405;
    QTest::newRow("sydney") << -33.8688 << 151.2093;
    QTest::newRow("west of antimeridian") << -17.8 << 179.999;
    QTest::newRow("east of antimeridian") << -17.8 << -179.999;
    QTest::newRow("near max latitude") << 85.0 << -45.0;
    QTest::newRow("near min latitude") << -85.0 << 120.0;
}

void tst_Projection::roundTrip()
{
    QFETCH(double, lat);
    QFETCH(double, lon);
    const QGeoCoordinate back = Projection::toGeo(Projection::toWorld(lon, lat));
    QVERIFY2(qAbs(back.latitude() - lat) < 1e-9, qPrintable(QString::number(back.latitude())));
    QVERIFY2(qAbs(back.longitude() - lon) < 1e-9, qPrintable(QString::number(back.longitude())));
}

void tst_Projection::polesAreClamped_data()
{
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("expectedY");
    QTest::addColumn<double>("expectedLat");
    QTest::newRow("north pole") << 90.0 << 0.0 << Projection::kMaxLatitude;
    QTest::newRow("south pole") << -90.0 << 1.0 << -Projection::kMaxLatitude;
    QTest::newRow("beyond north limit") << 86.0 << 0.0 << Projection::kMaxLatitude;
    QTest::newRow("exactly at limit") << Projection::kMaxLatitude << 0.0 << Projection::kMaxLatitude;
}

void tst_Projection::polesAreClamped()
{
    QFETCH(double, lat);
    QFETCH(double, expectedY);
    QFETCH(double, expectedLat);
    const QPointF w = Projection::toWorld(10.0, lat);
    QVERIFY(qAbs(w.y() - expectedY) < 1e-8);
    QVERIFY(qAbs(Projection::toGeo(w).latitude() - expectedLat) < 1e-6);
    QVERIFY(Projection::toGeo({0.3, -2.0}).isValid());
}

void tst_Projection::knownPixels_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<double>("zoom");
    QTest::addColumn<QPointF>("pixel");
    QTest::newRow("origin z0") << 0.0 << 0.0 << 0.0 << QPointF(128, 128);
    QTest::newRow("dateline west z1") << -180.0 << 0.0 << 1.0 << QPointF(0, 256);
    QTest::newRow("dateline east wraps") << 180.0 << 0.0 << 1.0 << QPointF(0, 256);
    QTest::newRow("lon 90 z2") << 90.0 << 0.0 << 2.0 << QPointF(768, 512);
    QTest::newRow("fractional zoom") << 0.0 << 0.0 << 0.5 << QPointF(181.019336, 181.019336);
}

void tst_Projection::knownPixels()
{
    QFETCH(double, lon);
    QFETCH(double, lat);
    QFETCH(double, zoom);
    QFETCH(QPointF, pixel);
    const QPointF p = Projection::toWorld(lon, lat) * Projection::worldSize(zoom);
    QVERIFY2(qAbs(p.x() - pixel.x()) < 1e-4 && qAbs(p.y() - pixel.y()) < 1e-4,
             qPrintable(u"%1,%2"_s.arg(p.x()).arg(p.y())));
}

void tst_Projection::panAcrossAntimeridianWraps()
{
    MapView v;
    v.setSize({800, 600});
    v.setZoom(4);
    v.setCenter(QGeoCoordinate(0, 179.0));
    v.panBy({-200, 0});   // drag left: the map moves east
    QVERIFY(v.center().x() >= 0 && v.center().x() < 1);
    // 200 pixels at zoom 4 (a world of 4096 pixels) are 17.58 degrees.
    QVERIFY(qAbs(v.centerCoordinate().longitude() - (179.0 + 17.578125 - 360.0)) < 1e-6);
    const QRectF visible = v.visibleWorld();
    QVERIFY(visible.left() < 0.0 && visible.right() > 0.0);
}

void tst_Projection::zoomAroundKeepsPointUnderCursor_data()
{
    QTest::addColumn<QPointF>("cursor");
    QTest::addColumn<double>("zoom");
    QTest::newRow("zoom in corner") << QPointF(700, 100) << 6.5;
    QTest::newRow("zoom out centre") << QPointF(400, 300) << 3.0;
    QTest::newRow("zoom in left") << QPointF(10, 590) << 9.25;
}

void tst_Projection::zoomAroundKeepsPointUnderCursor()
{
    QFETCH(QPointF, cursor);
    QFETCH(double, zoom);
    MapView v;
    v.setSize({800, 600});
    v.setZoom(5);
    v.setCenter(QGeoCoordinate(48, 11));
    const QGeoCoordinate before = v.screenToGeo(cursor);
    v.zoomAround(cursor, zoom);
    QCOMPARE(v.zoom(), zoom);
    const QPointF after = v.geoToScreen(before);
    QVERIFY2(QLineF(after, cursor).length() < 1e-6, qPrintable(u"%1,%2"_s.arg(after.x()).arg(after.y())));
}

void tst_Projection::screenRoundTripAtFractionalZoom()
{
    MapView v;
    v.setSize({1920, 1080});
    v.setZoom(7.3);
    v.setCenter(QGeoCoordinate(40.7, -74.0));
    const QPointF s(1500.25, 333.5);
    QVERIFY(QLineF(v.geoToScreen(v.screenToGeo(s)), s).length() < 1e-6);
}

void tst_Projection::nearestCopyAcrossAntimeridian()
{
    MapView v;
    v.setSize({800, 600});
    v.setZoom(5);
    v.setCenter(QGeoCoordinate(-17, 179.5));
    // Fiji's east at -179.5 is one degree to the east of the centre, not a world away.
    const QPointF p = v.geoToScreen(QGeoCoordinate(-17, -179.5));
    QVERIFY2(p.x() > 400 && p.x() < 500, qPrintable(QString::number(p.x())));
}

QTEST_APPLESS_MAIN(tst_Projection)
#include "tst_projection.moc"
