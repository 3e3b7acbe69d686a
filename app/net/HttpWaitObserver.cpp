// SPDX-License-Identifier: GPL-3.0-or-later
#include "HttpWaitObserver.h"

#include <utility>

namespace {
HttpWaitObserver* g_observer = nullptr;
} // namespace

HttpWaitObserver::~HttpWaitObserver()
{
    if (g_observer == this)
        g_observer = nullptr;
}

HttpWaitObserver* HttpWaitObserver::install(HttpWaitObserver* observer)
{
    return std::exchange(g_observer, observer);
}

HttpWaitObserver* HttpWaitObserver::installed()
{
    return g_observer;
}
