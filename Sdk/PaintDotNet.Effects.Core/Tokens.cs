using System;
using System.Collections.Generic;
using PaintDotNet.PropertySystem;

namespace PaintDotNet.Effects
{
    public abstract class EffectConfigToken : ICloneable
    {
        protected EffectConfigToken()
        {
        }

        protected EffectConfigToken(EffectConfigToken copyMe)
        {
        }

        public abstract object Clone();
    }

    public sealed class PropertyBasedEffectConfigToken : EffectConfigToken, ICloneable
    {
        public PropertyBasedEffectConfigToken(PropertyCollection propertyCollection) => Properties = propertyCollection;

        public PropertyCollection Properties { get; }
        public IEnumerable<string> PropertyNames => Properties.PropertyNames;

        public Property? GetProperty(object propertyName) => Properties[propertyName];

        public T? GetProperty<T>(object propertyName) where T : Property => Properties[propertyName] as T;

        public bool SetPropertyValue(object propertyName, object newValue)
        {
            if (Properties[propertyName] is not { ReadOnly: false } property)
                return false;
            property.Value = newValue;
            return true;
        }

        public override object Clone() => new PropertyBasedEffectConfigToken(Properties.Clone());
    }
}
