#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <array>
#include <functional>

namespace fw::core {

// Watches the event feed for the status bar: where events come from, how many arrive a
// second, and whether the feed has gone silent for longer than the operator allows.
class FeedMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedMonitor)

public:
    enum class Source { None, Listener, Relay };
    Q_ENUM(Source)

    using Clock = std::function<QDateTime()>;

    explicit FeedMonitor(QObject *parent = nullptr, Clock clock = {});

    void setSource(Source source, const QString &description);
    void setConnected(bool connected);
    void setSilenceThreshold(int seconds);
    void noteEvents(int count);

    Source source() const { return m_source; }
    QString sourceDescription() const { return m_description; }
    bool isConnected() const { return m_connected; }
    int silenceThreshold() const { return m_silenceThresholdSeconds; }
    QDateTime lastEventAt() const { return m_lastEventAt; }
    double eventsPerSecond() const;
    bool isSilent() const;
    QDateTime silentSince() const;

    // Re-evaluates rate and silence; the internal timer calls it every second.
    void tick();

Q_SIGNALS:
    void changed();
    void silenceStarted(const QDateTime &since);
    void silenceEnded();

private:
    static constexpr int RateWindow = 10; // seconds averaged for the rate

    Clock m_clock;
    QTimer m_timer;
    Source m_source = Source::None;
    QString m_description;
    bool m_connected = false;
    int m_silenceThresholdSeconds = 900;
    QDateTime m_startedAt;
    QDateTime m_lastEventAt;
    std::array<int, RateWindow> m_buckets{};
    qint64 m_bucketSecond = 0;
    bool m_wasSilent = false;

    void rotateBuckets(qint64 nowSecond);
};

} // namespace fw::core
