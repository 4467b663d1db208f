#include "core/feedmonitor.h"

#include <algorithm>
#include <numeric>

namespace fw::core {

FeedMonitor::FeedMonitor(QObject *parent, Clock clock)
    : QObject(parent)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
{
    m_startedAt = m_clock();
    m_bucketSecond = m_startedAt.toSecsSinceEpoch();
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &FeedMonitor::tick);
    m_timer.start();
}

void FeedMonitor::setSource(Source source, const QString &description)
{
    m_source = source;
    m_description = description;
    Q_EMIT changed();
}

void FeedMonitor::setConnected(bool connected)
{
    if (m_connected == connected)
        return;
    m_connected = connected;
    Q_EMIT changed();
}

void FeedMonitor::setSilenceThreshold(int seconds)
{
    m_silenceThresholdSeconds = std::max(10, seconds);
    tick();
}

void FeedMonitor::noteEvents(int count)
{
    if (count <= 0)
        return;
    const QDateTime now = m_clock();
    rotateBuckets(now.toSecsSinceEpoch());
    m_buckets[static_cast<size_t>(m_bucketSecond % RateWindow)] += count;
    m_lastEventAt = now;
    if (m_wasSilent) {
        m_wasSilent = false;
        Q_EMIT silenceEnded();
    }
    Q_EMIT changed();
}

double FeedMonitor::eventsPerSecond() const
{
    const int total = std::accumulate(m_buckets.begin(), m_buckets.end(), 0);
    return double(total) / RateWindow;
}

QDateTime FeedMonitor::silentSince() const
{
    // Before the first event the feed is measured from the moment monitoring started.
    return m_lastEventAt.isValid() ? m_lastEventAt : m_startedAt;
}

bool FeedMonitor::isSilent() const
{
    return silentSince().secsTo(m_clock()) >= m_silenceThresholdSeconds;
}

void FeedMonitor::tick()
{
    rotateBuckets(m_clock().toSecsSinceEpoch());
    const bool silent = isSilent();
    if (silent && !m_wasSilent) {
        m_wasSilent = true;
        Q_EMIT silenceStarted(silentSince());
    }
    Q_EMIT changed();
}

void FeedMonitor::rotateBuckets(qint64 nowSecond)
{
    if (nowSecond - m_bucketSecond >= RateWindow) {
        m_buckets.fill(0);
    } else {
        for (qint64 s = m_bucketSecond + 1; s <= nowSecond; ++s)
            m_buckets[static_cast<size_t>(s % RateWindow)] = 0;
    }
    m_bucketSecond = std::max(m_bucketSecond, nowSecond);
}

} // namespace fw::core
