#pragma once

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>

namespace fw::alerts {

// Decides when the critical-alert alarm sounds; the UI only plays it. A new critical alert
// starts the alarm, which repeats every interval until every pending alert is acknowledged
// (or snoozed) or the operator mutes it. A snoozed alert rejoins the alarm when its snooze
// ends; a mute ends on its own.
class AlarmPolicy final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlarmPolicy)

public:
    using Clock = std::function<QDateTime()>;

    explicit AlarmPolicy(QObject *parent = nullptr, Clock clock = {});

    void setRepeatInterval(int seconds);
    int repeatInterval() const { return m_repeatSeconds; }

    void criticalRaised(qint64 seq);
    void acknowledged(qint64 seq);
    void snoozed(qint64 seq, const QDateTime &until);
    void mute(int hours);
    void unmute();

    bool isAlarming() const;   // something pending and not muted
    bool isMuted() const;
    QDateTime mutedUntil() const { return m_mutedUntil; }
    int pendingCount() const;

    // Plays when due; the internal timer calls it every second.
    void tick();

Q_SIGNALS:
    void playRequested();
    void alarmingChanged(bool alarming);
    void muteChanged(const QDateTime &until); // invalid when unmuted

private:
    QDateTime now() const { return m_clock(); }
    void update();

    Clock m_clock;
    QTimer m_timer;
    int m_repeatSeconds = 15;
    QHash<qint64, QDateTime> m_pending; // seq -> when it alarms (in the future while snoozed)
    QDateTime m_mutedUntil;
    QDateTime m_lastPlayed;
    bool m_wasAlarming = false;
};

} // namespace fw::alerts
