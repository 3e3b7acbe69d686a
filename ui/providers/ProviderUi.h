// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

class ProviderPanel;
class ProviderSectionView;
class QObject;
class ProviderTab;
class QWidget;

/// A provider's widgets, as the main window knows them: ui/providers/<key>/ holds them and one line of
/// UiProviderRegistry.cpp registers them (docs/adding-a-provider.md).
class ProviderUi
{
public:
    virtual ~ProviderUi() = default;
    /// The provider module's key (ProviderModule::key()).
    virtual QString key() const = 0;
    /// Its card body in the person view, owned by parent; null when it has none.
    virtual ProviderPanel* createPanel(QWidget* parent) const = 0;
    /// How its sections of the 360 view are shown, owned by parent; null when it has none.
    virtual ProviderSectionView* createSectionView(QObject* parent) const
    {
        Q_UNUSED(parent)
        return nullptr;
    }
    /// A tab of its own in the main window, owned by parent; null when it has none.
    virtual ProviderTab* createTab(QWidget* parent) const
    {
        Q_UNUSED(parent)
        return nullptr;
    }
};
