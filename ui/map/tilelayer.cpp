#include "map/tilelayer.h"

#include "common/uiversion.h"
#include "core/logging.h"

#include <QDateTime>
#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QPainter>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

#include <cmath>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

TileSettings TileSettings::fromSettings(const QSettings &settings, QString *error)
{
    TileSettings s;
    s.enabled = settings.value(u"map/tiles/enabled"_s, false).toBool();
    s.urlTemplate = settings.value(u"map/tiles/url"_s).toString();
    s.attribution = settings.value(u"map/tiles/attribution"_s).toString();
    if (s.enabled && !s.isValid(error))
        s.enabled = false;
    return s;
}

bool TileSettings::isValid(QString *error) const
{
    const QUrl url(QString(urlTemplate).replace(u"{z}"_s, u"0"_s).replace(u"{x}"_s, u"0"_s)
                       .replace(u"{y}"_s, u"0"_s));
    const bool placeholders = urlTemplate.contains(u"{z}"_s) && urlTemplate.contains(u"{x}"_s)
                              && urlTemplate.contains(u"{y}"_s);
    if (!placeholders || !url.isValid() || (url.scheme() != u"https"_s && url.scheme() != u"http"_s)) {
        *error = u"The tile URL must be an http or https address containing {z}, {x} and {y}; tiles stay off."_s;
        return false;
    }
    if (attribution.trimmed().isEmpty()) {
        *error = u"Tiles need an attribution text naming their source; tiles stay off."_s;
        return false;
    }
    return true;
}

TileLayer::TileLayer(const QString &cacheDir, QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_diskCache(new QNetworkDiskCache(this))
{
    const QString dir = cacheDir.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + u"/tiles"_s
        : cacheDir;
    m_diskCache->setCacheDirectory(dir);
    m_diskCache->setMaximumCacheSize(256 * 1024 * 1024);
    m_network->setCache(m_diskCache);
    connect(m_network, &QNetworkAccessManager::finished, this, &TileLayer::onFinished);
}

TileLayer::~TileLayer()
{
    const QList<QNetworkReply *> replies = m_replies.keys();
    for (QNetworkReply *r : replies)
        r->abort();
}

QByteArray TileLayer::userAgent()
{
    return "Fleetwall/" + applicationVersion().toLatin1()
           + " (NOC fleet map; https://example.invalid/fleetwall)";
}

void TileLayer::setSettings(const TileSettings &settings)
{
    m_settings = settings;
    m_images.clear();
    m_failed.clear();
    m_queue.clear();
}

int TileLayer::tileZoom(double zoom)
{
    return std::clamp(int(std::lround(zoom)), 0, 19);
}

QList<TileLayer::Key> TileLayer::keysInView(const geo::MapView &view) const
{
    const int z = tileZoom(view.zoom());
    const int n = 1 << z;
    const QRectF r = view.visibleWorld();
    QList<Key> keys;
    const int y0 = std::max(0, int(std::floor(r.top() * n)));
    const int y1 = std::min(n - 1, int(std::ceil(r.bottom() * n)) - 1);   // half-open
    const int x0 = int(std::floor(r.left() * n));
    const int x1 = std::min(int(std::ceil(r.right() * n)) - 1, x0 + n - 1);
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x)
            keys.append({z, ((x % n) + n) % n, y});
    }
    return keys;   // each tile once, even when the world shows more than once
}

void TileLayer::setView(const geo::MapView &view)
{
    if (!isActive())
        return;
    m_queue.clear();
    const QList<Key> keys = keysInView(view);
    QSet<Key> fetching;
    for (const Key &k : m_replies)
        fetching.insert(k);
    for (const Key &k : keys) {
        if (!m_images.contains(k) && !m_failed.contains(k) && !fetching.contains(k))
            m_queue.append(k);
    }
    startNext();
}

void TileLayer::startNext()
{
    while (m_replies.size() < kMaxParallel && !m_queue.isEmpty()) {
        const Key k = m_queue.takeFirst();
        QString url = m_settings.urlTemplate;
        url.replace(u"{z}"_s, QString::number(k.z)).replace(u"{x}"_s, QString::number(k.x))
            .replace(u"{y}"_s, QString::number(k.y));
        QNetworkRequest request{QUrl(url)};
        request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferCache);
        request.setTransferTimeout(15'000);
        m_replies.insert(m_network->get(request), k);
    }
}

void TileLayer::keepAtLeastDefaultLifetime(QNetworkReply *reply)
{
    // Without Expires or max-age, keep the tile the default lifetime (tile usage policies
    // ask for at least seven days then).
    const QByteArray cc = reply->rawHeader("Cache-Control");
    if (reply->hasRawHeader("Expires") || cc.contains("max-age"))
        return;
    QNetworkCacheMetaData md = m_diskCache->metaData(reply->url());
    if (!md.isValid())
        return;
    md.setExpirationDate(QDateTime::currentDateTimeUtc().addDays(kDefaultLifetimeDays));
    m_diskCache->updateMetaData(md);
}

void TileLayer::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    const Key k = m_replies.take(reply);
    QImage image;
    if (reply->error() == QNetworkReply::NoError)
        image.loadFromData(reply->readAll());
    if (image.isNull()) {
        if (reply->error() != QNetworkReply::OperationCanceledError) {
            qCWarning(lcUi) << "Tile" << k.z << k.x << k.y << "failed from"
                            << reply->url().host() << ":" << reply->errorString();
            m_failed.insert(k);
        }
    } else {
        if (!reply->attribute(QNetworkRequest::SourceIsFromCacheAttribute).toBool())
            keepAtLeastDefaultLifetime(reply);
        m_images.insert(k, new QImage(image.convertToFormat(QImage::Format_ARGB32_Premultiplied)));
        Q_EMIT tileReady();
    }
    startNext();
}

void TileLayer::draw(QPainter &painter, const geo::MapView &view) const
{
    if (!isActive())
        return;
    const int z = tileZoom(view.zoom());
    const int n = 1 << z;
    const double tilePixels = view.scale() / n;
    const QRectF r = view.visibleWorld();
    const int y0 = std::max(0, int(std::floor(r.top() * n)));
    const int y1 = std::min(n - 1, int(std::ceil(r.bottom() * n)) - 1);   // half-open
    const int x0 = int(std::floor(r.left() * n));
    const int x1 = std::min(int(std::ceil(r.right() * n)) - 1, x0 + 4 * n);
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x) {
            const QImage *img = m_images.object({z, ((x % n) + n) % n, y});
            if (!img)
                continue;   // missing or failed: the basemap below stays visible
            const QPointF topLeft = view.worldToScreen({double(x) / n, double(y) / n});
            painter.drawImage(QRectF(topLeft, QSizeF(tilePixels, tilePixels)), *img);
        }
    }
    painter.restore();
}

} // namespace fw::ui
