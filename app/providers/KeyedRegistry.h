// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <memory>
#include <vector>

/// An ordered list of owned items told apart by their key() (the provider registries of the core
/// and of the widgets).
template <class T> class KeyedRegistry
{
public:
    /// Appends an item; its key must be new.
    void add(std::unique_ptr<T> item)
    {
        Q_ASSERT(item && !find(item->key()));
        m_items.push_back(std::move(item));
    }
    /// Removes the item with this key, if any.
    void remove(const QString& key)
    {
        for (auto it = m_items.begin(); it != m_items.end(); ++it) {
            if ((*it)->key() == key) {
                m_items.erase(it);
                return;
            }
        }
    }
    /// The item of a key; null for an unknown key.
    const T* find(const QString& key) const
    {
        for (const auto& item : m_items) {
            if (item->key() == key)
                return item.get();
        }
        return nullptr;
    }
    /// Every item, in order.
    QList<const T*> items() const
    {
        QList<const T*> list;
        for (const auto& item : m_items)
            list << item.get();
        return list;
    }

private:
    std::vector<std::unique_ptr<T>> m_items;
};
