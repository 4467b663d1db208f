#pragma once

#include "store/event.h"

#include <QObject>
#include <QTimer>

class QSystemTrayIcon;

namespace fw::alerts {
class AcknowledgementStore;
}

namespace fw::ui {

class AlertModel;

// The tray icon: the fleet's worst unacknowledged state as colour, symbol and word, and a
// desktop notification for each new critical alert. Does nothing where no tray exists.
class AlertTray final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertTray)

public:
    enum class Worst { Ok, Warning, Critical };

    AlertTray(AlertModel *model, alerts::AcknowledgementStore *acks, QObject *parent = nullptr);

    bool isAvailable() const { return m_tray != nullptr; }
    Worst worst() const { return m_worst; }
    QString summary() const { return m_summary; }
    int notificationCount() const { return m_notifications; }

    // Routers the fleet state counts offline: they make the state at least a warning.
    void setOfflineRouters(int count);

Q_SIGNALS:
    void activated(); // the operator clicked the icon: raise the window

private:
    void scheduleUpdate();
    void update();
    void notify(const store::Event &event);

    AlertModel *m_model;
    alerts::AcknowledgementStore *m_acks;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer m_throttle;
    Worst m_worst = Worst::Ok;
    QString m_summary;
    int m_offline = 0;
    int m_notifications = 0;
};

} // namespace fw::ui
