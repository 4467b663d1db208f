#include "fleet/router.h"

using namespace Qt::Literals::StringLiterals;

namespace fw::fleet {

OnlineState onlineStateFromName(QStringView name)
{
    if (name.compare(u"online", Qt::CaseInsensitive) == 0)
        return OnlineState::Online;
    if (name.compare(u"offline", Qt::CaseInsensitive) == 0)
        return OnlineState::Offline;
    if (name.compare(u"initialized", Qt::CaseInsensitive) == 0)
        return OnlineState::Initialized;
    return OnlineState::Unknown;
}

QString onlineStateName(OnlineState state)
{
    switch (state) {
    case OnlineState::Online:
        return u"online"_s;
    case OnlineState::Offline:
        return u"offline"_s;
    case OnlineState::Initialized:
        return u"initialized"_s;
    case OnlineState::Unknown:
        break;
    }
    return u"unknown"_s;
}

std::array<int, 3> Router::openBySeverity() const
{
    std::array<int, 3> counts{0, 0, 0};
    for (const store::Severity severity : openAlerts)
        ++counts[std::size_t(severity)];
    return counts;
}

std::optional<store::Severity> Router::worstOpen() const
{
    std::optional<store::Severity> worst;
    for (const store::Severity severity : openAlerts) {
        if (!worst || severity > *worst)
            worst = severity;
    }
    return worst;
}

} // namespace fw::fleet
