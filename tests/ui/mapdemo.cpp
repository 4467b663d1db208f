// A window with the fleet map over a few thousand fake routers around real cities, to look at
// the map by eye: map_demo [--screenshot FILE] [--routers N] [--zoom Z] [--center LAT,LON]
#include "bench/fakefleet.h"
#include "map/mapwidget.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

using namespace fw;
using namespace Qt::Literals::StringLiterals;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"screenshot"_s, u"Save the map as PNG and quit."_s, u"file"_s});
    parser.addOption({u"routers"_s, u"Number of fake routers."_s, u"n"_s, u"5000"_s});
    parser.addOption({u"zoom"_s, u"Zoom level."_s, u"z"_s, u"3.6"_s});
    parser.addOption({u"center"_s, u"Centre as lat,lon."_s, u"lat,lon"_s, u"46,-30"_s});
    parser.process(app);

    geo::InMemoryMapDataSource source;
    const QList<geo::MapPoint> points = bench::fakeFleet(parser.value(u"routers"_s).toInt(), 3, 0.01);
    source.setPoints(points);
    for (const geo::MapPoint &p : points)
        source.setInfo(p.routerId, {u"IBR900-"_s + p.routerId.right(4), u"Connection lost"_s,
                                    QDateTime::currentDateTimeUtc().addSecs(-300)});

    geo::GeofenceSet fences;
    geo::Geofence depot;
    depot.name = u"London depot"_s;
    depot.center = QGeoCoordinate(51.5, -0.1);
    depot.radiusMetres = 180'000;
    fences.add(depot);
    geo::Geofence corridor;
    corridor.name = u"NE corridor"_s;
    corridor.shape = geo::Geofence::Shape::Polygon;
    corridor.vertices = {{42.6, -71.0}, {40.2, -72.5}, {38.4, -75.3}, {38.9, -77.8}, {40.8, -75.4}, {42.8, -73.4}};
    fences.add(corridor);

    ui::MapWidget map;
    map.resize(1600, 900);
    map.setDataSource(&source);
    map.setGeofences(&fences);
    const QStringList c = parser.value(u"center"_s).split(u',');
    map.setZoom(parser.value(u"zoom"_s).toDouble());
    map.setCenter(QGeoCoordinate(c.value(0).toDouble(), c.value(1).toDouble()));
    QList<geo::TrailPoint> trail;
    for (int i = 0; i < 8; ++i)
        trail.append({QDateTime::currentDateTimeUtc().addSecs(-3600 * (8 - i)),
                      QGeoCoordinate(40.7 + i * 0.5, -74.0 + i * 0.9 + (i % 2) * 0.3)});
    map.setTrail(points.first().routerId, trail);
    map.show();

    const QString shot = parser.value(u"screenshot"_s);
    if (!shot.isEmpty()) {
        QTimer::singleShot(300, &map, [&map, shot] {
            QString error;
            if (!map.exportPng(shot, &error))
                std::fprintf(stderr, "%s\n", qPrintable(error));
            QApplication::quit();
        });
    }
    return app.exec();
}
