#pragma once

#include "geo/projection.h"

#include <QCache>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>

class QNetworkAccessManager;
class QNetworkDiskCache;
class QNetworkReply;
class QPainter;
class QSettings;

namespace fw::ui {

// Where raster tiles come from. Off by default: the offline basemap is always drawn below.
struct TileSettings
{
    bool enabled = false;
    QString urlTemplate;   // http(s) URL with {z}, {x} and {y}
    QString attribution;   // shown on the map whenever tiles are drawn

    // Reads map/tiles/{enabled,url,attribution}. A bad URL leaves tiles off and says why.
    static TileSettings fromSettings(const QSettings &settings, QString *error);
    bool isValid(QString *error) const;
};

// An optional raster layer drawn over the basemap, polite to public tile servers: a
// User-Agent naming Fleetwall and its version, a disk cache honouring the server's expiry (7
// days when the server gives none), at most kMaxParallel fetches, and only the tiles of the
// current view (no prefetching). A tile that fails is simply not drawn.
class TileLayer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TileLayer)

public:
    static constexpr int kMaxParallel = 4;
    static constexpr int kDefaultLifetimeDays = 7;

    // cacheDir empty: the "tiles" folder in the application's cache location.
    explicit TileLayer(const QString &cacheDir = {}, QObject *parent = nullptr);
    ~TileLayer() override;

    void setSettings(const TileSettings &settings);
    TileSettings settings() const { return m_settings; }
    bool isActive() const { return m_settings.enabled && !m_settings.urlTemplate.isEmpty(); }

    // Asks for the tiles covering the view; forgets queued tiles no longer in view.
    void setView(const geo::MapView &view);
    void draw(QPainter &painter, const geo::MapView &view) const;

    static QByteArray userAgent();
    int inFlight() const { return int(m_replies.size()); }

Q_SIGNALS:
    void tileReady();

private:
    struct Key
    {
        int z, x, y;
        friend bool operator==(const Key &, const Key &) = default;
        friend size_t qHash(const Key &k, size_t seed = 0) { return qHashMulti(seed, k.z, k.x, k.y); }
    };

    static int tileZoom(double zoom);
    QList<Key> keysInView(const geo::MapView &view) const;
    void startNext();
    void onFinished(QNetworkReply *reply);
    void keepAtLeastDefaultLifetime(QNetworkReply *reply);

    TileSettings m_settings;
    QNetworkAccessManager *m_network = nullptr;
    QNetworkDiskCache *m_diskCache = nullptr;
    QCache<Key, QImage> m_images{512};
    QList<Key> m_queue;
    QHash<QNetworkReply *, Key> m_replies;
    QSet<Key> m_failed;
};

} // namespace fw::ui
