#include "geo/basemap.h"
#include "geo/projection.h"

#include <QFile>
#include <QTest>

using namespace fw::geo;
using namespace Qt::Literals::StringLiterals;

namespace {

// Even-odd ray casting, enough to check a few known places.
bool ringContains(const QList<QPointF> &ring, const QPointF &p)
{
    bool inside = false;
    for (qsizetype i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const QPointF a = ring[i], b = ring[j];
        if ((a.y() > p.y()) != (b.y() > p.y())
            && p.x() < (b.x() - a.x()) * (p.y() - a.y()) / (b.y() - a.y()) + a.x())
            inside = !inside;
    }
    return inside;
}

} // namespace

class tst_Basemap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void levelsLoad();
    void landCoversKnownPlaces_data();
    void landCoversKnownPlaces();
    void damagedDataIsRefused_data();
    void damagedDataIsRefused();
    void detailGrowsWithZoom();

private:
    QByteArray m_data;
    std::optional<Basemap> m_map;
};

void tst_Basemap::initTestCase()
{
    QFile f(qEnvironmentVariable("FLEETWALL_SOURCE_DIR") + u"/resources/basemap/world.fwbm"_s);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
    m_data = f.readAll();
    QString error;
    m_map = Basemap::fromData(m_data, &error);
    QVERIFY2(m_map, qPrintable(error));
}

void tst_Basemap::levelsLoad()
{
    QVERIFY(m_map->levels().size() >= 2);
    QCOMPARE(m_map->levels().first().name, u"110m"_s);
    for (const Basemap::Level &l : m_map->levels()) {
        QVERIFY(l.land.size() > 100);
        QVERIFY(l.borders.size() > 100);
        for (const Basemap::Shape &s : l.land) {
            QVERIFY(s.bounds.left() >= 0 && s.bounds.right() <= 1);
            QVERIFY(s.bounds.top() >= 0 && s.bounds.bottom() <= 1);
        }
    }
}

void tst_Basemap::landCoversKnownPlaces_data()
{
    QTest::addColumn<double>("lon");
    QTest::addColumn<double>("lat");
    QTest::addColumn<bool>("land");
    QTest::newRow("Berlin") << 13.4 << 52.5 << true;
    QTest::newRow("Kansas") << -98.0 << 38.5 << true;
    QTest::newRow("mid Atlantic") << -30.0 << 30.0 << false;
    QTest::newRow("mid Pacific") << -150.0 << 0.0 << false;
}

void tst_Basemap::landCoversKnownPlaces()
{
    QFETCH(double, lon);
    QFETCH(double, lat);
    QFETCH(bool, land);
    const QPointF p = Projection::toWorld(lon, lat);
    for (const Basemap::Level &l : m_map->levels()) {
        bool found = false;
        for (const Basemap::Shape &s : l.land) {
            if (!s.bounds.contains(p))
                continue;
            bool inside = false;
            for (const QList<QPointF> &ring : s.parts)
                inside ^= ringContains(ring, p);
            found |= inside;
        }
        QVERIFY2(found == land, qPrintable(l.name));
    }
}

void tst_Basemap::damagedDataIsRefused_data()
{
    QTest::addColumn<int>("cut");
    QTest::addColumn<bool>("badMagic");
    QTest::newRow("empty") << 0 << false;
    QTest::newRow("header only") << 16 << false;
    QTest::newRow("truncated half way") << -2 << false;
    QTest::newRow("last byte missing") << -1 << false;
    QTest::newRow("wrong magic") << -3 << true;
}

void tst_Basemap::damagedDataIsRefused()
{
    QFETCH(int, cut);
    QFETCH(bool, badMagic);
    QByteArray data = m_data;
    if (cut >= 0)
        data.truncate(cut);
    else if (cut == -1)
        data.chop(1);
    else if (cut == -2)
        data.truncate(data.size() / 2);
    if (badMagic)
        data[0] = 'X';
    QString error;
    QVERIFY(!Basemap::fromData(data, &error));
    QVERIFY(!error.isEmpty());
}

void tst_Basemap::detailGrowsWithZoom()
{
    QCOMPARE(m_map->levelForZoom(1), 0);
    QVERIFY(m_map->levelForZoom(4) >= 1);
    QVERIFY(m_map->levelForZoom(12) >= m_map->levelForZoom(4));
}

QTEST_APPLESS_MAIN(tst_Basemap)
#include "tst_basemap.moc"
