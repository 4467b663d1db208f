#include "rules/ruletemplate.h"

#include "ncm/catalogue.h"

using namespace Qt::Literals::StringLiterals;

namespace fw::rules {

namespace {

QList<RuleTemplate> definitions()
{
    return {
        {u"offline"_s, u"Routers going offline"_s,
         u"Alerts when a router's connection to NCM changes, so the NOC sees routers drop offline."_s,
         {u"connection_state"_s}, {u"NCM connection state (online / offline)"_s}},
        {u"geofence_exit"_s, u"Geofence exits"_s,
         u"Alerts when a router leaves one of NCM's geofences."_s,
         {}, {u"Geofence proximity change (enter or exit)"_s}},
        {u"on_battery"_s, u"Running on battery"_s,
         u"Alerts when a router loses wall power and runs on its battery."_s,
         {}, {u"Backup power engaged"_s, u"System low power"_s}},
        {u"signal_degraded"_s, u"Signal degraded"_s,
         u"Alerts when the cellular signal falls below NCM's threshold or the network is lost."_s,
         {u"wwan_network_unavailable"_s, u"wwan_disconnected"_s}, {u"Signal threshold"_s}},
        {u"config_rejected"_s, u"Configuration rejected"_s,
         u"Alerts when a router refuses a configuration pushed by NCM."_s,
         {}, {u"Configuration rejected"_s}},
        {u"security"_s, u"Security events"_s,
         u"Alerts on locked accounts, tunnels going down and the SIM door opening."_s,
         {u"account_locked"_s, u"ipsec_tunnel_down"_s, u"sim_door_event"_s}, {}},
    };
}

} // namespace

AlertRule RuleTemplate::draft() const
{
    AlertRule rule;
    rule.types = types;
    rule.settings = QJsonObject{};
    rule.schedule = QJsonValue(QJsonValue::Null);
    return rule;
}

QString RuleTemplate::pickNote() const
{
    if (openTitles.isEmpty())
        return {};
    return u"NCM's identifier for %1 is not known: pick it in the type list (learnt from your rules and alert history) or type it in."_s
        .arg(openTitles.join(u", "_s));
}

QList<RuleTemplate> ruleTemplates(const ncm::Catalogue &catalogue)
{
    QStringList uiTitles;
    const QList<ncm::AlertTypeInfo> uiOnly = catalogue.uiOnlyTypes();
    for (const ncm::AlertTypeInfo &info : uiOnly)
        uiTitles.append(info.title);

    QList<RuleTemplate> templates = definitions();
    for (RuleTemplate &t : templates) {
        t.types.removeIf([&catalogue](const QString &type) { return !catalogue.contains(type); });
        t.openTitles.removeIf([&uiTitles](const QString &title) { return !uiTitles.contains(title); });
    }
    return templates;
}

} // namespace fw::rules
