#pragma once

#include "fleet/router.h"
#include "store/event.h"
#include "tiles/tileroles.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QList>

#include <cmath>

// A plain list of routers with the roles the tiles read, standing in for the fleet model in
// tests, the benchmark and the screenshot program.
namespace fw::testing {

struct FakeRouter
{
    QString id, name, state, group, carrier, band, lastTitle, lastCategory;
    double rsrp = std::nan(""), sinr = std::nan(""), battery = std::nan("");
    QDateTime lastAt;
    store::Severity lastSeverity = store::Severity::Info;
};

class FakeFleetModel final : public QAbstractListModel
{
public:
    enum Role { IdRole = Qt::UserRole + 1, StateRole, GroupRole, RsrpRole, SinrRole, CarrierRole, BandRole, BatteryRole,
                LastTitleRole, LastAtRole, LastCategoryRole, LastSeverityRole };

    using QAbstractListModel::QAbstractListModel;

    static ui::TileRoles roles()
    {
        ui::TileRoles r;
        r.routerId = IdRole;
        r.state = StateRole;
        r.group = GroupRole;
        r.rsrp = RsrpRole;
        r.sinr = SinrRole;
        r.carrier = CarrierRole;
        r.band = BandRole;
        r.battery = BatteryRole;
        r.lastEventTitle = LastTitleRole;
        r.lastEventAt = LastAtRole;
        r.lastEventCategory = LastCategoryRole;
        r.lastEventSeverity = LastSeverityRole;
        return r;
    }

    void setRouters(QList<FakeRouter> routers)
    {
        beginResetModel();
        m_routers = std::move(routers);
        endResetModel();
    }

    void setState(int row, const QString &state)
    {
        m_routers[row].state = state;
        Q_EMIT dataChanged(index(row), index(row));
    }

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_routers.size()); }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid))
            return {};
        const FakeRouter &r = m_routers.at(index.row());
        const auto number = [](double v) { return std::isnan(v) ? QVariant() : QVariant(v); };
        switch (role) {
        case Qt::DisplayRole: return r.name;
        case IdRole: return r.id;
        case StateRole: return int(fleet::onlineStateFromName(r.state));
        case GroupRole: return r.group;
        case RsrpRole: return number(r.rsrp);
        case SinrRole: return number(r.sinr);
        case CarrierRole: return r.carrier;
        case BandRole: return r.band;
        case BatteryRole: return std::isnan(r.battery) ? -1 : int(r.battery);
        case LastTitleRole: return r.lastTitle;
        case LastAtRole: return r.lastAt;
        case LastCategoryRole: return r.lastCategory;
        case LastSeverityRole: return int(r.lastSeverity);
        default: return {};
        }
    }

private:
    QList<FakeRouter> m_routers;
};

// Deterministic routers: varied states, signal, carriers, batteries and last events.
inline QList<FakeRouter> makeRouters(int count, const QDateTime &now)
{
    static const QStringList states{QStringLiteral("online"), QStringLiteral("online"), QStringLiteral("online"),
                                    QStringLiteral("offline"), QStringLiteral("initialized"), QString()};
    static const QStringList carriers{QStringLiteral("Verizon"), QStringLiteral("AT&T"), QStringLiteral("T-Mobile")};
    static const QStringList groups{QStringLiteral("Ambulances"), QStringLiteral("Branches"), QStringLiteral("Kiosks")};
    static const QStringList titles{QStringLiteral("Cellular WAN disconnected"), QStringLiteral("IPsec tunnel down"),
                                    QStringLiteral("Cellular WAN connected"), QStringLiteral("Battery low")};
    static const QStringList categories{QStringLiteral("Modem"), QStringLiteral("Security"), QStringLiteral("Modem"),
                                        QStringLiteral("Battery")};
    QList<FakeRouter> routers;
    routers.reserve(count);
    for (int i = 0; i < count; ++i) {
        FakeRouter r;
        r.id = QString::number(1000 + i);
        r.name = QStringLiteral("%1-%2").arg(groups.at(i % 3).left(3).toUpper()).arg(i, 5, 10, QLatin1Char('0'));
        r.state = states.at(i % states.size());
        r.group = groups.at(i % 3);
        r.carrier = carriers.at((i / 3) % 3);
        r.band = QStringLiteral("LTE B%1").arg(2 + i % 12);
        if (r.state != QStringLiteral("offline")) {
            r.rsrp = -70 - (i * 7) % 55;
            r.sinr = 25 - (i * 3) % 30;
        }
        if (i % 4 == 0)
            r.battery = (i * 13) % 101;
        if (i % 5 != 4) {
            r.lastTitle = titles.at(i % 4);
            r.lastCategory = categories.at(i % 4);
            r.lastSeverity = i % 4 == 1 ? store::Severity::Critical : i % 4 == 2 ? store::Severity::Info : store::Severity::Warning;
            r.lastAt = now.addSecs(-(i * 97) % 200'000);
        }
        routers.append(r);
    }
    return routers;
}

} // namespace fw::testing
