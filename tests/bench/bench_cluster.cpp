// Cluster index benchmark: build time against supercluster (npm) on the same points in the
// same run, viewport query time, and the cost of 1,000 incremental state changes.
#include "fakefleet.h"
#include "geo/clusterindex.h"
#include "geo/projection.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <cstdio>

using namespace fw;
using namespace Qt::Literals::StringLiterals;

namespace {

QString sourceDir() { return qEnvironmentVariable("FLEETWALL_SOURCE_DIR", u"."_s); }
QString sharedDir() { return qEnvironmentVariable("FLEETWALL_SHARED_DIR", sourceDir() + u"/../shared"_s); }

void writeCsv(const QString &path, const QList<geo::MapPoint> &points)
{
    static const char *names[] = {"online", "unknown", "alarm", "offline"};
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    QTextStream out(&f);
    out.setRealNumberPrecision(9);
    for (const geo::MapPoint &p : points) {
        if (p.hasPosition())
            out << p.position.longitude() << ',' << p.position.latitude() << ',' << names[int(p.state)] << '\n';
    }
}

// Runs cluster-peer.mjs; returns its build time in milliseconds or -1.
double peerBuildMs(const QString &csv)
{
    if (QProcess::execute(sourceDir() + u"/scripts/install-bench-peers.sh"_s, {}) != 0)
        return -1;
    QProcess node;
    node.start(u"node"_s, {sharedDir() + u"/bench/cluster-peer.mjs"_s, csv});
    if (!node.waitForFinished(600'000) || node.exitCode() != 0) {
        std::fprintf(stderr, "cluster-peer.mjs failed: %s\n", node.readAllStandardError().constData());
        return -1;
    }
    const QString line = QString::fromUtf8(node.readAllStandardOutput()).trimmed();
    std::printf("peer: %s\n", qPrintable(line));
    const QRegularExpressionMatch m = QRegularExpression(u"build_ms=([0-9.]+)"_s).match(line);
    return m.hasMatch() ? m.captured(1).toDouble() : -1;
}

double ourBuildMs(const QList<geo::MapPoint> &points, int rounds)
{
    QList<double> times;
    for (int i = 0; i < rounds; ++i) {
        geo::ClusterIndex index;
        QElapsedTimer t;
        t.start();
        index.build(points);
        times.append(t.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

void buildFigure(int count, const char *suffix, const QString &dir)
{
    const QList<geo::MapPoint> points = bench::fakeFleet(count);
    const QString csv = dir + u"/points-%1.csv"_s.arg(count);
    writeCsv(csv, points);
    const double ours = ourBuildMs(points, count > 200'000 ? 3 : 7);
    const double peer = peerBuildMs(csv);
    std::printf("ours: n=%d build_ms=%.1f\n", count, ours);
    if (peer > 0)
        std::printf("figure: cluster_build_speedup_vs_supercluster_%s = %.1f ratio\n", suffix, peer / ours);
}

void queryFigure()
{
    geo::ClusterIndex index;
    index.build(bench::fakeFleet(100'000));
    // A 1920 x 1080 view over busy places at zooms from the whole world to a street.
    const QList<QGeoCoordinate> centres{{50, 10}, {40.7, -74}, {35.7, 139.7}, {-17.5, 180}, {20, 0}};
    geo::MapView v;
    v.setSize({1920, 1080});
    int queries = 0;
    qsizetype items = 0;
    QElapsedTimer t;
    t.start();
    for (int round = 0; round < 20; ++round) {
        for (const QGeoCoordinate &c : centres) {
            for (double z = 2; z <= 18; z += 0.5, ++queries) {
                v.setZoom(z);
                v.setCenter(c);
                items += index.query(z, v.visibleWorld()).size();
            }
        }
    }
    std::printf("queries=%d mean_items=%.0f\n", queries, double(items) / queries);
    std::printf("figure: cluster_query_ms = %.4f ms\n", t.nsecsElapsed() / 1e6 / queries);
}

void updateFigure()
{
    QList<geo::MapPoint> points = bench::fakeFleet(100'000);
    geo::ClusterIndex index;
    index.build(points);
    QRandomGenerator rng(9);
    QList<geo::MapPoint> changes;
    for (int i = 0; i < 1000; ++i) {
        geo::MapPoint p = points[rng.bounded(int(points.size()))];
        p.state = static_cast<geo::RouterState>((int(p.state) + 1 + rng.bounded(3)) % geo::kRouterStateCount);
        changes.append(p);
    }
    QElapsedTimer t;
    t.start();
    for (const geo::MapPoint &p : std::as_const(changes))
        index.upsert(p);
    std::printf("figure: cluster_update_ms_1000 = %.3f ms\n", t.nsecsElapsed() / 1e6);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    buildFigure(100'000, "100k", dir.path());
    queryFigure();
    updateFigure();
    buildFigure(1'000'000, "1m", dir.path());
    return 0;
}
