#include "alerts/alarmpolicy.h"

namespace fw::alerts {

AlarmPolicy::AlarmPolicy(QObject *parent, Clock clock)
    : QObject(parent)
    , m_clock(std::move(clock))
{
    if (!m_clock)
        m_clock = [] { return QDateTime::currentDateTimeUtc(); };
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &AlarmPolicy::tick);
    m_timer.start();
}

void AlarmPolicy::setRepeatInterval(int seconds)
{
    m_repeatSeconds = std::max(1, seconds);
}

void AlarmPolicy::criticalRaised(qint64 seq)
{
    const bool wasAlarming = isAlarming();
    m_pending.insert(seq, now());
    if (!wasAlarming)
        m_lastPlayed = {}; // a new alarm sounds at once
    update();
}

void AlarmPolicy::acknowledged(qint64 seq)
{
    if (m_pending.remove(seq))
        update();
}

void AlarmPolicy::snoozed(qint64 seq, const QDateTime &until)
{
    const auto it = m_pending.find(seq);
    if (it == m_pending.end())
        return;
    *it = until;
    update();
}

void AlarmPolicy::mute(int hours)
{
    m_mutedUntil = now().addSecs(qint64(hours) * 3600);
    Q_EMIT muteChanged(m_mutedUntil);
    update();
}

void AlarmPolicy::unmute()
{
    if (!m_mutedUntil.isValid())
        return;
    m_mutedUntil = {};
    m_lastPlayed = {};
    Q_EMIT muteChanged(m_mutedUntil);
    update();
}

bool AlarmPolicy::isMuted() const
{
    return m_mutedUntil.isValid() && now() < m_mutedUntil;
}

int AlarmPolicy::pendingCount() const
{
    const QDateTime at = now();
    return int(std::count_if(m_pending.cbegin(), m_pending.cend(), [&at](const QDateTime &due) { return due <= at; }));
}

bool AlarmPolicy::isAlarming() const
{
    return !isMuted() && pendingCount() > 0;
}

void AlarmPolicy::tick()
{
    if (m_mutedUntil.isValid() && !isMuted()) {
        m_mutedUntil = {};
        m_lastPlayed = {};
        Q_EMIT muteChanged(m_mutedUntil);
    }
    update();
}

void AlarmPolicy::update()
{
    const bool alarming = isAlarming();
    if (alarming != m_wasAlarming) {
        m_wasAlarming = alarming;
        if (alarming)
            m_lastPlayed = {};
        Q_EMIT alarmingChanged(alarming);
    }
    if (!alarming)
        return;
    if (m_lastPlayed.isValid() && m_lastPlayed.secsTo(now()) < m_repeatSeconds)
        return;
    m_lastPlayed = now();
    Q_EMIT playRequested();
}

} // namespace fw::alerts
