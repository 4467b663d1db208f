#include "geo/mappoint.h"

using namespace Qt::Literals::StringLiterals;

namespace fw::geo {

QString routerStateName(RouterState state)
{
    switch (state) {
    case RouterState::Online: return u"online"_s;
    case RouterState::Unknown: return u"unknown"_s;
    case RouterState::Alarmed: return u"alarmed"_s;
    case RouterState::Offline: return u"offline"_s;
    }
    return u"unknown"_s;
}

RouterState worse(RouterState a, RouterState b)
{
    return static_cast<quint8>(a) >= static_cast<quint8>(b) ? a : b;
}

RouterState StateCounts::worst() const
{
    for (int s = kRouterStateCount - 1; s > 0; --s) {
        if (n[s] > 0)
            return static_cast<RouterState>(s);
    }
    return RouterState::Online;
}

} // namespace fw::geo
