// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProviderIdGrammar.h"

#include "ProviderRegistry.h"

QString ProviderIdGrammar::problem(const QString& provider, const QString& id)
{
    if (const ProviderModule* module = ProviderRegistry::instance().find(provider))
        return module->userIdProblem(id);
    return QString();
}
