// SPDX-License-Identifier: GPL-3.0-or-later
#include "Subject.h"

#include "providers/ProviderRegistry.h"

QStringList Subject::providers()
{
    return ProviderRegistry::instance().keys();
}
