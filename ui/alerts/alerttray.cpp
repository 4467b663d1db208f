#include "alerts/alerttray.h"

#include "alerts/acknowledgementstore.h"
#include "alerts/alertmodel.h"
#include "common/theme.h"

#include <QPainter>
#include <QPixmap>
#include <QSystemTrayIcon>

using namespace Qt::Literals::StringLiterals;

namespace fw::ui {

namespace {

QIcon stateIcon(AlertTray::Worst worst)
{
    const ThemeColors &colors = Theme::colors();
    const QColor fill = worst == AlertTray::Worst::Critical ? colors.critical
                        : worst == AlertTray::Worst::Warning ? colors.warning
                                                             : colors.ok;
    const QString symbol = worst == AlertTray::Worst::Critical ? u"!"_s : worst == AlertTray::Worst::Warning ? u"?"_s : u"✓"_s;
    QPixmap pixmap(64, 64);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setBrush(fill);
    painter.setPen(QPen(Qt::black, 3));
    painter.drawEllipse(QRectF(4, 4, 56, 56));
    QFont font = painter.font();
    font.setPixelSize(40);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::black);
    painter.drawText(pixmap.rect(), Qt::AlignCenter, symbol);
    return QIcon(pixmap);
}

} // namespace

AlertTray::AlertTray(AlertModel *model, alerts::AcknowledgementStore *acks, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_acks(acks)
{
    m_throttle.setSingleShot(true);
    m_throttle.setInterval(500);
    connect(&m_throttle, &QTimer::timeout, this, &AlertTray::update);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AlertTray::scheduleUpdate);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AlertTray::scheduleUpdate);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &AlertTray::scheduleUpdate);
    connect(m_model, &AlertModel::criticalArrived, this, &AlertTray::notify);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        connect(m_tray, &QSystemTrayIcon::activated, this, &AlertTray::activated);
        m_tray->show();
    }
    update();
}

void AlertTray::setOfflineRouters(int count)
{
    m_offline = count;
    scheduleUpdate();
}

void AlertTray::scheduleUpdate()
{
    if (!m_throttle.isActive())
        m_throttle.start();
}

void AlertTray::update()
{
    int critical = 0;
    int warning = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const store::Event &event = m_model->event(row);
        if (event.severity == store::Severity::Info || (m_acks && m_acks->state(event) != alerts::AckState::Unacknowledged))
            continue;
        ++(event.severity == store::Severity::Critical ? critical : warning);
    }
    m_worst = critical ? Worst::Critical : (warning || m_offline) ? Worst::Warning : Worst::Ok;
    m_summary = m_worst == Worst::Critical ? tr("Critical: %n unacknowledged critical alert(s)", nullptr, critical)
                : m_worst == Worst::Warning ? tr("Warning: %1 unacknowledged warnings, %2 routers offline").arg(warning).arg(m_offline)
                                            : tr("OK: nothing unacknowledged");
    if (m_tray) {
        m_tray->setIcon(stateIcon(m_worst));
        m_tray->setToolTip(tr("Fleetwall: %1").arg(m_summary));
    }
}

void AlertTray::notify(const store::Event &event)
{
    if (m_acks && m_acks->state(event) != alerts::AckState::Unacknowledged)
        return;
    ++m_notifications;
    if (m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(tr("Critical: %1").arg(event.title),
                            AlertModel::routerLabel(event) + u": "_s + event.alert.friendlyInfo, QSystemTrayIcon::Critical);
}

} // namespace fw::ui
