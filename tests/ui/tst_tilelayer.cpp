#include "map/tilelayer.h"

#include <QBuffer>
#include <QImage>
#include <QNetworkDiskCache>
#include <QPainter>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>

using namespace fw::ui;
using namespace Qt::Literals::StringLiterals;

namespace {

// A stand-in tile server on 127.0.0.1: red PNG tiles, a chosen tile answered 404, each
// answer held back a little so parallel fetches overlap.
class TileServer final : public QObject
{
public:
    explicit TileServer(QByteArray cacheHeader)
        : m_cacheHeader(std::move(cacheHeader))
    {
        QImage img(256, 256, QImage::Format_RGB32);
        img.fill(Qt::red);
        QBuffer buf(&m_png);
        buf.open(QIODevice::WriteOnly);
        img.save(&buf, "PNG");
        m_server.listen(QHostAddress::LocalHost, 0);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection())
                QObject::connect(s, &QTcpSocket::readyRead, this, [this, s] { onData(s); });
        });
    }

    QString urlTemplate() const { return u"http://127.0.0.1:%1/{z}/{x}/{y}.png"_s.arg(m_server.serverPort()); }

    QStringList paths;
    QList<QByteArray> userAgents;
    QString failPath;
    int open = 0;
    int maxOpen = 0;

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buf.left(end).split('\n');
        buf.remove(0, end + 4);
        const QString path = QString::fromLatin1(lines.first().split(' ').value(1));
        for (const QByteArray &l : lines) {
            if (l.toLower().startsWith("user-agent:"))
                userAgents.append(l.mid(11).trimmed());
        }
        paths.append(path);
        maxOpen = std::max(maxOpen, ++open);
        QTimer::singleShot(40, s, [this, s, path] { answer(s, path); });
    }

    void answer(QTcpSocket *s, const QString &path)
    {
        --open;
        const bool fail = path == failPath;
        const QByteArray body = fail ? QByteArrayLiteral("no") : m_png;
        QByteArray head = fail ? "HTTP/1.1 404 Not Found\r\n" : "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n";
        head += "Content-Length: " + QByteArray::number(body.size()) + "\r\n" + m_cacheHeader + "\r\n";
        s->write(head + body);
    }

    QTcpServer m_server;
    QByteArray m_png;
    QByteArray m_cacheHeader;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

fw::geo::MapView view512()
{
    fw::geo::MapView v;
    v.setSize({512, 512});
    v.setZoom(2);
    v.setCenter(QPointF(0.5, 0.5));
    return v;   // tiles 1..2 in x and y at zoom 2: four in view
}

TileSettings settingsFor(const TileServer &server)
{
    return TileSettings{true, server.urlTemplate(), u"© test tiles"_s};
}

} // namespace

class tst_TileLayer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void fetchesOnlyTilesInViewPolitely();
    void failedTileLeavesBasemapVisible();
    void diskCacheServesTheSecondView();
    void noExpiryMeansSevenDays();
    void settingsAreChecked_data();
    void settingsAreChecked();
    void offByDefault();
};

void tst_TileLayer::fetchesOnlyTilesInViewPolitely()
{
    TileServer server("Cache-Control: max-age=3600\r\n");
    QTemporaryDir dir;
    TileLayer layer(dir.path());
    layer.setSettings(settingsFor(server));
    fw::geo::MapView v;
    v.setSize({1024, 768});
    v.setZoom(3);
    v.setCenter(QPointF(0.5, 0.5));
    layer.setView(v);
    QVERIFY(layer.inFlight() <= TileLayer::kMaxParallel);
    // 1024 x 768 at zoom 3 (a 2048-pixel world) centred: pixels 512..1536 across (tiles 2..5)
    // and 640..1408 down (tiles 2..5, the outer two half visible).
    const int expected = 4 * 4;
    QTRY_COMPARE(server.paths.size(), expected);
    QTRY_COMPARE(layer.inFlight(), 0);
    QTest::qWait(100);
    QCOMPARE(server.paths.size(), expected);   // no prefetch beyond the view
    QVERIFY(server.maxOpen <= TileLayer::kMaxParallel);
    QVERIFY(server.maxOpen >= 2);
    for (const QByteArray &ua : std::as_const(server.userAgents))
        QVERIFY2(ua.startsWith("Fleetwall/" FLEETWALL_VERSION), ua.constData());
    for (const QString &p : std::as_const(server.paths))
        QVERIFY2(p.startsWith(u"/3/"_s), qPrintable(p));
}

void tst_TileLayer::failedTileLeavesBasemapVisible()
{
    TileServer server("Cache-Control: max-age=3600\r\n");
    server.failPath = u"/2/1/1.png"_s;
    QTemporaryDir dir;
    TileLayer layer(dir.path());
    layer.setSettings(settingsFor(server));
    const fw::geo::MapView v = view512();
    QSignalSpy ready(&layer, &TileLayer::tileReady);
    layer.setView(v);
    QTRY_COMPARE(ready.size(), 3);
    QTRY_COMPARE(layer.inFlight(), 0);

    QImage img(512, 512, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::darkBlue);   // stands for the basemap
    QPainter p(&img);
    layer.draw(p, v);
    p.end();
    QCOMPARE(img.pixelColor(100, 100), QColor(Qt::darkBlue));   // tile 1,1 failed
    QCOMPARE(img.pixelColor(400, 100), QColor(Qt::red));
    QCOMPARE(img.pixelColor(400, 400), QColor(Qt::red));
}

void tst_TileLayer::diskCacheServesTheSecondView()
{
    TileServer server("Cache-Control: max-age=3600\r\n");
    QTemporaryDir dir;
    {
        TileLayer first(dir.path());
        first.setSettings(settingsFor(server));
        first.setView(view512());
        QTRY_COMPARE(server.paths.size(), 4);
        QTRY_COMPARE(first.inFlight(), 0);
    }
    TileLayer second(dir.path());
    second.setSettings(settingsFor(server));
    QSignalSpy ready(&second, &TileLayer::tileReady);
    second.setView(view512());
    QTRY_COMPARE(ready.size(), 4);
    QCOMPARE(server.paths.size(), 4);   // all four came from the disk cache
}

void tst_TileLayer::noExpiryMeansSevenDays()
{
    TileServer server("");
    QTemporaryDir dir;
    QUrl url;
    {
        TileLayer layer(dir.path());
        layer.setSettings(settingsFor(server));
        layer.setView(view512());
        QTRY_COMPARE(server.paths.size(), 4);
        QTRY_COMPARE(layer.inFlight(), 0);
        url = QUrl(server.urlTemplate().replace(u"{z}/{x}/{y}"_s, server.paths.first().mid(1).chopped(4)));
    }
    QNetworkDiskCache cache;
    cache.setCacheDirectory(dir.path());
    const QDateTime expiry = cache.metaData(url).expirationDate();
    QVERIFY2(expiry >= QDateTime::currentDateTimeUtc().addDays(TileLayer::kDefaultLifetimeDays).addSecs(-600),
             qPrintable(expiry.toString(Qt::ISODate) + u' ' + url.toString()));
}

void tst_TileLayer::settingsAreChecked_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("attribution");
    QTest::addColumn<bool>("valid");
    QTest::newRow("good") << u"https://tiles.example.org/{z}/{x}/{y}.png"_s << u"© OSM"_s << true;
    QTest::newRow("missing {y}") << u"https://tiles.example.org/{z}/{x}.png"_s << u"© OSM"_s << false;
    QTest::newRow("ftp") << u"ftp://tiles.example.org/{z}/{x}/{y}.png"_s << u"© OSM"_s << false;
    QTest::newRow("no attribution") << u"https://tiles.example.org/{z}/{x}/{y}.png"_s << u" "_s << false;
}

void tst_TileLayer::settingsAreChecked()
{
    QFETCH(QString, url);
    QFETCH(QString, attribution);
    QFETCH(bool, valid);
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    settings.setValue(u"map/tiles/enabled"_s, true);
    settings.setValue(u"map/tiles/url"_s, url);
    settings.setValue(u"map/tiles/attribution"_s, attribution);
    QString error;
    const TileSettings s = TileSettings::fromSettings(settings, &error);
    QCOMPARE(s.enabled, valid);
    QCOMPARE(error.isEmpty(), valid);
}

void tst_TileLayer::offByDefault()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
    QString error;
    QVERIFY(!TileSettings::fromSettings(settings, &error).enabled);
    TileLayer layer(dir.path());
    layer.setView(view512());
    QCOMPARE(layer.inFlight(), 0);
}

QTEST_MAIN(tst_TileLayer)
#include "tst_tilelayer.moc"
