#include "map/mapstyle.h"
#include "map/mapwidget.h"

#include <QApplication>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace fw::geo;
using namespace fw::ui;
using namespace Qt::Literals::StringLiterals;

namespace {

bool near(QColor a, QColor b, int tolerance = 40)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) <= tolerance;
}

QString colorName(QColor c) { return c.name(); }

} // namespace

class tst_MapWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void routerIsDrawnInItsStateColour_data();
    void routerIsDrawnInItsStateColour();
    void basemapShowsLandAndWater();
    void unpositionedRouterIsCountedNotDrawnAtZero();
    void clusterTakesWorstColour();
    void clickSelectsRouter();
    void clickOnClusterZoomsIn();
    void keyboardAndWheelZoom();
    void followKeepsSelectedInView();
    void drawCircleGeofenceAndCross();
    void drawPolygonGeofence();
    void dragCircleRadiusHandle();
    void exportWritesPng();
    void acrossAntimeridian();
    void trailIsDrawn();

private:
    QImage render() { return m_map->grab().toImage(); }
    QColor pixelAt(const QGeoCoordinate &c)
    {
        const QImage img = render();
        const QPoint p = m_map->view().geoToScreen(c).toPoint() * img.devicePixelRatio();
        return img.pixelColor(p);
    }

    std::unique_ptr<MapWidget> m_map;
    std::unique_ptr<InMemoryMapDataSource> m_source;
    std::unique_ptr<GeofenceSet> m_fences;
};

void tst_MapWidget::init()
{
    m_source = std::make_unique<InMemoryMapDataSource>();
    m_fences = std::make_unique<GeofenceSet>();
    m_map = std::make_unique<MapWidget>();
    m_map->resize(480, 320);
    m_map->setDataSource(m_source.get());
    m_map->setGeofences(m_fences.get());
    m_map->setZoom(6);
    m_map->setCenter(QGeoCoordinate(50, 10));
}

void tst_MapWidget::cleanup()
{
    m_map.reset();
    m_fences.reset();
    m_source.reset();
}

void tst_MapWidget::routerIsDrawnInItsStateColour_data()
{
    QTest::addColumn<int>("state");
    QTest::newRow("online") << int(RouterState::Online);
    QTest::newRow("offline") << int(RouterState::Offline);
    QTest::newRow("alarmed") << int(RouterState::Alarmed);
    QTest::newRow("unknown") << int(RouterState::Unknown);
}

void tst_MapWidget::routerIsDrawnInItsStateColour()
{
    QFETCH(int, state);
    const QGeoCoordinate where(50.1, 10.2);
    m_source->setPoints({MapPoint{u"r1"_s, where, RouterState(state)}});
    const QColor c = pixelAt(where);
    QVERIFY2(near(c, MapStyle::stateColor(RouterState(state))), qPrintable(colorName(c)));
}

void tst_MapWidget::basemapShowsLandAndWater()
{
    m_map->setZoom(4);
    QVERIFY2(near(pixelAt(QGeoCoordinate(50.5, 9.0)), MapStyle::land(), 12), "central Germany is land");
    QVERIFY2(near(pixelAt(QGeoCoordinate(55.5, 3.0)), MapStyle::water(), 12), "the North Sea is water");
}

void tst_MapWidget::unpositionedRouterIsCountedNotDrawnAtZero()
{
    m_source->setPoints({MapPoint{u"lost"_s, {}, RouterState::Offline}});
    QCOMPARE(m_map->unpositionedCount(), 1);
    m_map->setZoom(6);
    m_map->setCenter(QGeoCoordinate(0, 0));
    QVERIFY(!near(pixelAt(QGeoCoordinate(0, 0)), MapStyle::stateColor(RouterState::Offline), 60));
    // The corner badge is drawn: its unknown-state sprite sits at the top left.
    const QImage img = render();
    bool badge = false;
    for (int x = 10; x < 40 && !badge; ++x)
        badge = near(img.pixelColor(x, 22), MapStyle::stateColor(RouterState::Unknown), 30);
    QVERIFY(badge);
}

void tst_MapWidget::clusterTakesWorstColour()
{
    QList<MapPoint> pts;
    for (int i = 0; i < 30; ++i)
        pts.append(MapPoint{u"r%1"_s.arg(i), QGeoCoordinate(50 + i * 0.001, 10), RouterState::Online});
    pts.append(MapPoint{u"down"_s, QGeoCoordinate(50.0005, 10), RouterState::Offline});
    m_source->setPoints(pts);
    m_map->setZoom(5);
    const QList<MapCluster> items = m_map->index().query(5, m_map->view().visibleWorld());
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.first().counts.worst(), RouterState::Offline);
    // The cluster's outer edge is drawn in the worst member's colour.
    const QImage img = render();
    const QPointF centre = m_map->view().worldToScreen(items.first().world);
    const int r = MapStyle::clusterRadius(31);
    const QColor edge = img.pixelColor((centre + QPointF(0, -r + 0.5)).toPoint());
    QVERIFY2(near(edge, MapStyle::stateColor(RouterState::Offline), 80), qPrintable(colorName(edge)));
}

void tst_MapWidget::clickSelectsRouter()
{
    const QGeoCoordinate where(50.2, 10.3);
    m_source->setPoints({MapPoint{u"r1"_s, where, RouterState::Online}});
    render();   // lays out what can be clicked
    QSignalSpy spy(m_map.get(), &MapWidget::routerSelected);
    QTest::mouseClick(m_map.get(), Qt::LeftButton, {}, m_map->view().geoToScreen(where).toPoint());
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spy.first().first().toString(), u"r1"_s);
    QCOMPARE(m_map->selectedRouter(), u"r1"_s);
}

void tst_MapWidget::clickOnClusterZoomsIn()
{
    m_source->setPoints({MapPoint{u"a"_s, QGeoCoordinate(50.0, 10.0), RouterState::Online},
                         MapPoint{u"b"_s, QGeoCoordinate(50.01, 10.01), RouterState::Online}});
    m_map->setZoom(5);
    render();
    const QList<MapCluster> items = m_map->index().query(5, m_map->view().visibleWorld());
    QCOMPARE(items.size(), 1);
    const double before = m_map->view().zoom();
    QTest::mouseClick(m_map.get(), Qt::LeftButton, {}, m_map->view().worldToScreen(items.first().world).toPoint());
    QVERIFY(m_map->view().zoom() > before + 3);
    render();
    QCOMPARE(m_map->index().query(m_map->view().zoom(), m_map->view().visibleWorld()).size(), 2);
}

void tst_MapWidget::keyboardAndWheelZoom()
{
    const double z = m_map->view().zoom();
    QTest::keyClick(m_map.get(), Qt::Key_Plus);
    QCOMPARE(m_map->view().zoom(), z + 1);
    QTest::keyClick(m_map.get(), Qt::Key_Minus);
    QCOMPARE(m_map->view().zoom(), z);
    const QPointF centre = m_map->view().center();
    QTest::keyClick(m_map.get(), Qt::Key_Right);
    QVERIFY(m_map->view().center().x() > centre.x());

    const QPointF cursor(100, 80);
    const QGeoCoordinate under = m_map->view().screenToGeo(cursor);
    QWheelEvent wheel(cursor, m_map->mapToGlobal(cursor), {}, QPoint(0, 120), Qt::NoButton, {},
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(m_map.get(), &wheel);
    QVERIFY(m_map->view().zoom() > z);
    QVERIFY(QLineF(m_map->view().geoToScreen(under), cursor).length() < 0.01);
}

void tst_MapWidget::followKeepsSelectedInView()
{
    m_source->setPoints({MapPoint{u"car"_s, QGeoCoordinate(50, 10), RouterState::Online}});
    m_map->selectRouter(u"car"_s);
    m_map->setFollowSelected(true);
    const QGeoCoordinate far(40, 20);
    m_source->update({MapPoint{u"car"_s, far, RouterState::Online}});
    QVERIFY(m_map->rect().contains(m_map->view().geoToScreen(far).toPoint()));
}

void tst_MapWidget::drawCircleGeofenceAndCross()
{
    m_source->setPoints({MapPoint{u"r1"_s, QGeoCoordinate(48, 12), RouterState::Online}});
    QSignalSpy crossed(m_map.get(), &MapWidget::geofenceCrossed);
    m_map->setTool(MapWidget::Tool::DrawCircle);
    const QPoint centre = m_map->view().geoToScreen(QGeoCoordinate(50, 10)).toPoint();
    QTest::mousePress(m_map.get(), Qt::LeftButton, {}, centre);
    QTest::mouseMove(m_map.get(), centre + QPoint(40, 0));
    QTest::mouseRelease(m_map.get(), Qt::LeftButton, {}, centre + QPoint(40, 0));
    QCOMPARE(m_fences->fences().size(), 1);
    const Geofence f = m_fences->fences().first();
    QCOMPARE(f.shape, Geofence::Shape::Circle);
    QVERIFY(f.radiusMetres > 10'000);
    QCOMPARE(m_map->selectedGeofence(), f.id);

    m_source->update({MapPoint{u"r1"_s, QGeoCoordinate(50, 10), RouterState::Online}});
    QCOMPARE(crossed.size(), 1);
    const auto c = crossed.first().first().value<GeofenceCrossing>();
    QCOMPARE(c.routerId, u"r1"_s);
    QCOMPARE(c.direction, GeofenceCrossing::Direction::Enter);
    QCOMPARE(m_map->geofenceMonitor()->routersInside(f.id), QStringList{u"r1"_s});
}

void tst_MapWidget::drawPolygonGeofence()
{
    m_map->setTool(MapWidget::Tool::DrawPolygon);
    for (const QPoint p : {QPoint(100, 100), QPoint(200, 100), QPoint(150, 200)})
        QTest::mouseClick(m_map.get(), Qt::LeftButton, {}, p);
    QTest::keyClick(m_map.get(), Qt::Key_Return);
    QCOMPARE(m_fences->fences().size(), 1);
    QCOMPARE(m_fences->fences().first().vertices.size(), 3);
    QCOMPARE(m_map->tool(), MapWidget::Tool::Navigate);
    QTest::keyClick(m_map.get(), Qt::Key_Delete);
    QVERIFY(m_fences->fences().isEmpty());
}

void tst_MapWidget::dragCircleRadiusHandle()
{
    Geofence f;
    f.name = u"depot"_s;
    f.center = QGeoCoordinate(50, 10);
    f.radiusMetres = 20'000;
    const QUuid id = m_fences->add(f);
    m_map->selectGeofence(id);
    const QPoint handle = m_map->view().geoToScreen(f.center.atDistanceAndAzimuth(20'000, 90)).toPoint();
    QTest::mousePress(m_map.get(), Qt::LeftButton, {}, handle);
    QTest::mouseMove(m_map.get(), handle + QPoint(30, 0));
    QTest::mouseRelease(m_map.get(), Qt::LeftButton, {}, handle + QPoint(30, 0));
    QVERIFY2(m_fences->fence(id)->radiusMetres > 25'000, qPrintable(QString::number(m_fences->fence(id)->radiusMetres)));
    QCOMPARE(m_fences->fence(id)->center, f.center);
}

void tst_MapWidget::exportWritesPng()
{
    QTemporaryDir dir;
    QString error;
    const QString path = dir.filePath(u"map.png"_s);
    QVERIFY2(m_map->exportPng(path, &error), qPrintable(error));
    QImage img(path);
    QCOMPARE(img.size(), m_map->size() * m_map->devicePixelRatio());
    QVERIFY(!m_map->exportPng(dir.filePath(u"missing/dir/map.png"_s), &error));
    QVERIFY(!error.isEmpty());
}

void tst_MapWidget::acrossAntimeridian()
{
    m_source->setPoints({MapPoint{u"w"_s, QGeoCoordinate(-17.5, 179.8), RouterState::Online},
                         MapPoint{u"e"_s, QGeoCoordinate(-17.5, -179.8), RouterState::Offline}});
    m_map->setZoom(9);
    m_map->setCenter(QGeoCoordinate(-17.5, 180));
    QVERIFY(near(pixelAt(QGeoCoordinate(-17.5, 179.8)), MapStyle::stateColor(RouterState::Online)));
    QVERIFY(near(pixelAt(QGeoCoordinate(-17.5, -179.8)), MapStyle::stateColor(RouterState::Offline)));
}

void tst_MapWidget::trailIsDrawn()
{
    render();   // delivers the pending resize, so the view has its final size
    const QDateTime t0 = QDateTime::currentDateTimeUtc();
    // Given out of order: drawn in time order all the same.
    m_map->setTrail(u"r1"_s, {TrailPoint{t0.addSecs(60), QGeoCoordinate(50, 11)},
                              TrailPoint{t0, QGeoCoordinate(50, 9)}});
    const QPointF a = m_map->view().geoToScreen(QGeoCoordinate(50, 9));
    const QPointF b = m_map->view().geoToScreen(QGeoCoordinate(50, 11));
    const QImage img = render();
    const QColor c = img.pixelColor((a + (b - a) / 4).toPoint());
    QVERIFY2(near(c, MapStyle::trail(), 40), qPrintable(colorName(c)));
    m_map->clearTrail();
    QVERIFY(!near(render().pixelColor((a + (b - a) / 4).toPoint()), MapStyle::trail(), 40));
}

QTEST_MAIN(tst_MapWidget)
#include "tst_mapwidget.moc"
