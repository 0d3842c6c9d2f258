using System;
using System.Collections;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading;

namespace PaintDotNet.PropertySystem
{
    public enum ValueValidationFailureResult
    {
        Ignore = 0,
        Clamp = 1,
        ThrowException = 2,
    }

    /// <summary>A named, typed value with validation; what an effect's dialog edits.</summary>
    public abstract class Property : ICloneable, INotifyPropertyChanged
    {
        private object? value;
        private bool readOnly;
        private PropertyChangedEventHandler? propertyChanged;

        internal Property(object name, Type valueType, object? defaultValue, bool readOnly, ValueValidationFailureResult vvfResult)
        {
            Name = name.ToString() ?? throw new ArgumentNullException(nameof(name));
            ValueType = valueType;
            DefaultValue = defaultValue;
            value = defaultValue;
            this.readOnly = readOnly;
            ValueValidationFailureResult = vvfResult;
        }

        public string Name { get; }
        public Type ValueType { get; }
        public object? DefaultValue { get; }
        public ValueValidationFailureResult ValueValidationFailureResult { get; }
        protected Lock Sync { get; } = new();

        public bool ReadOnly
        {
            get => readOnly;
            set
            {
                if (readOnly == value) return;
                readOnly = value;
                OnReadOnlyChanged(value);
                OnPropertyChanged(nameof(ReadOnly));
            }
        }

        public object? Value
        {
            get => value;
            set
            {
                VerifyNotReadOnly();
                var coerced = OnCoerceValue(value);
                if (!ValidateNewValue(coerced))
                {
                    switch (ValueValidationFailureResult)
                    {
                        case ValueValidationFailureResult.Ignore: return;
                        case ValueValidationFailureResult.Clamp: coerced = OnClampNewValue(coerced); break;
                        default: throw new ArgumentOutOfRangeException(nameof(value), $"{PropertyValueToString(coerced)} is not a valid value for property '{Name}'.");
                    }
                }
                if (Equals(this.value, coerced)) return;
                this.value = coerced;
                OnValueChanged(coerced);
                OnPropertyChanged(nameof(Value));
            }
        }

        public abstract Property Clone();
        object ICloneable.Clone() => Clone();

        /// <summary>Gives a fresh, writable clone this property's value, then its read-only flag.</summary>
        internal TProperty CopyStateTo<TProperty>(TProperty clone) where TProperty : Property
        {
            clone.Value = Value;
            clone.ReadOnly = ReadOnly;
            return clone;
        }

        protected abstract object? OnClampNewValue(object? newValue);
        protected virtual object? OnCoerceValue(object? newValue) => newValue;
        protected virtual bool ValidateNewValue(object? newValue) => true;
        protected virtual void OnValueChanged(object? newValue) { }
        protected virtual void OnReadOnlyChanged(bool newReadOnlyValue) { }
        protected virtual string PropertyValueToString(object? value) => value?.ToString() ?? "null";

        protected void OnPropertyChanged(string propertyName) => propertyChanged?.Invoke(this, new PropertyChangedEventArgs(propertyName));

        protected void VerifyNotReadOnly()
        {
            if (readOnly)
                throw new InvalidOperationException($"Property '{Name}' is read-only.");
        }

        event PropertyChangedEventHandler? INotifyPropertyChanged.PropertyChanged
        {
            add => propertyChanged += value;
            remove => propertyChanged -= value;
        }
    }

    public abstract class Property<T> : Property, ICloneable, INotifyPropertyChanged
    {
        internal Property(object name, T defaultValue, bool readOnly, ValueValidationFailureResult vvfResult)
            : base(name, typeof(T), defaultValue, readOnly, vvfResult)
        {
        }

        public new T DefaultValue => (T)base.DefaultValue!;

        public new T Value
        {
            get => (T)base.Value!;
            set => base.Value = value;
        }

        protected override sealed object? OnClampNewValue(object? newValue) => OnClampNewValueT((T)newValue!);
        protected abstract T OnClampNewValueT(T newValue);
        protected override sealed object? OnCoerceValue(object? newValue) => OnCoerceValueT(newValue!);
        protected virtual T OnCoerceValueT(object newValue) => (T)newValue;
        protected override sealed bool ValidateNewValue(object? newValue) => newValue is T t && ValidateNewValueT(t);
        protected virtual bool ValidateNewValueT(T newValue) => true;
        protected override sealed void OnValueChanged(object? newValue) => OnValueChangedT((T)newValue!);
        protected virtual void OnValueChangedT(T newValue) { }
        protected override sealed string PropertyValueToString(object? value) => PropertyValueToStringT((T)value!);
        protected virtual string PropertyValueToStringT(T value) => value?.ToString() ?? "null";
    }

    public abstract class ScalarProperty<T> : Property<T>, ICloneable, INotifyPropertyChanged where T : struct, IComparable<T>
    {
        internal ScalarProperty(object name, T defaultValue, T minValue, T maxValue, bool readOnly, ValueValidationFailureResult vvfResult)
            : base(name, defaultValue, readOnly, vvfResult)
        {
            if (minValue.CompareTo(maxValue) > 0)
                throw new ArgumentOutOfRangeException(nameof(minValue), "minValue is greater than maxValue.");
            if (defaultValue.CompareTo(minValue) < 0 || defaultValue.CompareTo(maxValue) > 0)
                throw new ArgumentOutOfRangeException(nameof(defaultValue), $"The default value of '{name}' is outside [{minValue}, {maxValue}].");
            MinValue = minValue;
            MaxValue = maxValue;
        }

        public T MinValue { get; }
        public T MaxValue { get; }

        public static T Clamp(T value, T min, T max) => value.CompareTo(min) < 0 ? min : value.CompareTo(max) > 0 ? max : value;

        protected override T OnClampNewValueT(T newValue) => Clamp(newValue, MinValue, MaxValue);
        protected override bool ValidateNewValueT(T newValue) => newValue.CompareTo(MinValue) >= 0 && newValue.CompareTo(MaxValue) <= 0;
    }

    public sealed class Int32Property : ScalarProperty<int>, ICloneable, INotifyPropertyChanged
    {
        public Int32Property(object name) : this(name, 0) { }
        public Int32Property(object name, int defaultValue) : this(name, defaultValue, int.MinValue, int.MaxValue) { }
        public Int32Property(object name, int defaultValue, int minValue, int maxValue) : this(name, defaultValue, minValue, maxValue, false) { }
        public Int32Property(object name, int defaultValue, int minValue, int maxValue, bool readOnly) : this(name, defaultValue, minValue, maxValue, readOnly, ValueValidationFailureResult.Clamp) { }
        public Int32Property(object name, int defaultValue, int minValue, int maxValue, bool readOnly, ValueValidationFailureResult vvfResult)
            : base(name, defaultValue, minValue, maxValue, readOnly, vvfResult) { }

        public override Property Clone() => CopyStateTo(new Int32Property(Name, DefaultValue, MinValue, MaxValue, false, ValueValidationFailureResult));
        protected override int OnCoerceValueT(object newValue) => Convert.ToInt32(newValue, System.Globalization.CultureInfo.InvariantCulture);
    }

    public sealed class DoubleProperty : ScalarProperty<double>, ICloneable, INotifyPropertyChanged
    {
        public DoubleProperty(object name) : this(name, 0) { }
        public DoubleProperty(object name, double defaultValue) : this(name, defaultValue, double.MinValue, double.MaxValue) { }
        public DoubleProperty(object name, double defaultValue, double minValue, double maxValue) : this(name, defaultValue, minValue, maxValue, false) { }
        public DoubleProperty(object name, double defaultValue, double minValue, double maxValue, bool readOnly) : this(name, defaultValue, minValue, maxValue, readOnly, ValueValidationFailureResult.Clamp) { }
        public DoubleProperty(object name, double defaultValue, double minValue, double maxValue, bool readOnly, ValueValidationFailureResult vvfResult)
            : base(name, defaultValue, minValue, maxValue, readOnly, vvfResult) { }

        public override Property Clone() => CopyStateTo(new DoubleProperty(Name, DefaultValue, MinValue, MaxValue, false, ValueValidationFailureResult));
    }

    public sealed class BooleanProperty : ScalarProperty<bool>, ICloneable, INotifyPropertyChanged
    {
        public BooleanProperty(object name) : this(name, false) { }
        public BooleanProperty(object name, bool defaultValue) : this(name, defaultValue, false) { }
        public BooleanProperty(object name, bool defaultValue, bool readOnly) : this(name, defaultValue, readOnly, ValueValidationFailureResult.Clamp) { }
        public BooleanProperty(object name, bool defaultValue, bool readOnly, ValueValidationFailureResult vvfResult)
            : base(name, defaultValue, false, true, readOnly, vvfResult) { }

        public override Property Clone() => CopyStateTo(new BooleanProperty(Name, DefaultValue, false, ValueValidationFailureResult));
    }

    public sealed class StaticListChoiceProperty : Property<object>, ICloneable, INotifyPropertyChanged
    {
        public StaticListChoiceProperty(object name, object[] valueChoices) : this(name, valueChoices, 0) { }
        public StaticListChoiceProperty(object name, object[] valueChoices, int defaultChoiceIndex) : this(name, valueChoices, defaultChoiceIndex, false) { }
        public StaticListChoiceProperty(object name, object[] valueChoices, int defaultChoiceIndex, bool readOnly)
            : this(name, valueChoices, defaultChoiceIndex, readOnly, ValueValidationFailureResult.Clamp) { }
        public StaticListChoiceProperty(object name, object[] valueChoices, int defaultChoiceIndex, bool readOnly, ValueValidationFailureResult vvfResult)
            : base(name, valueChoices[defaultChoiceIndex], readOnly, vvfResult) =>
            ValueChoices = (object[])valueChoices.Clone();

        public object[] ValueChoices { get; }

        public static StaticListChoiceProperty CreateForEnum<TEnum>(object name, TEnum defaultValue) where TEnum : Enum =>
            CreateForEnum<TEnum>(name, defaultValue, false);

        public static StaticListChoiceProperty CreateForEnum<TEnum>(object name, TEnum defaultValue, bool readOnly) where TEnum : Enum
        {
            var values = Enum.GetValues(typeof(TEnum)).Cast<object>().ToArray();
            return new StaticListChoiceProperty(name, values, Array.IndexOf(values, defaultValue), readOnly);
        }

        public override Property Clone() =>
            CopyStateTo(new StaticListChoiceProperty(Name, ValueChoices, Array.IndexOf(ValueChoices, DefaultValue), false, ValueValidationFailureResult));

        protected override object OnClampNewValueT(object newValue) => DefaultValue;
        protected override bool ValidateNewValueT(object newValue) => ValueChoices.Contains(newValue);
    }

    public sealed class StringProperty : Property<string>, ICloneable, INotifyPropertyChanged
    {
        /// <summary>The longest value a property takes when its constructor names no length.</summary>
        internal const int DefaultMaxLength = 32767;

        public StringProperty(object name) : this(name, string.Empty) { }
        public StringProperty(object name, string defaultValue) : this(name, defaultValue, DefaultMaxLength) { }
        public StringProperty(object name, string defaultValue, int maxLength) : this(name, defaultValue, maxLength, false) { }
        public StringProperty(object name, string defaultValue, int maxLength, bool readOnly) : this(name, defaultValue, maxLength, readOnly, ValueValidationFailureResult.Clamp) { }
        public StringProperty(object name, string defaultValue, int maxLength, bool readOnly, ValueValidationFailureResult vvfResult)
            : base(name, defaultValue, readOnly, vvfResult)
        {
            if (maxLength < 0 || defaultValue.Length > maxLength)
                throw new ArgumentOutOfRangeException(nameof(maxLength), $"The default value of '{name}' is longer than {maxLength} characters.");
            MaxLength = maxLength;
        }

        public int MaxLength { get; }

        public override Property Clone() => CopyStateTo(new StringProperty(Name, DefaultValue, MaxLength, false, ValueValidationFailureResult));
        protected override string OnClampNewValueT(string newValue) => newValue is null ? string.Empty : newValue.Length > MaxLength ? newValue[..MaxLength] : newValue;
        protected override bool ValidateNewValueT(string newValue) => newValue.Length <= MaxLength;
        protected override string PropertyValueToStringT(string value) => value;
    }

    public abstract class PropertyCollectionRule : ICloneable
    {
        internal PropertyCollectionRule() { }

        protected PropertyCollection Owner { get; private set; } = null!;

        public abstract PropertyCollectionRule Clone();
        object ICloneable.Clone() => Clone();
        protected abstract void OnInitialized();

        internal void Initialize(PropertyCollection owner)
        {
            Owner = owner;
            OnInitialized();
        }

        /// <summary>Keeps the target's read-only flag at what the source's value calls for, now and on every change of the source.</summary>
        internal void BindReadOnly(string target, string source, Func<object?, bool> readOnlyFor)
        {
            if (target == source)
                throw new ArgumentException($"A property cannot be bound to itself ('{target}').");
            var targetProperty = Owner[target] ?? throw new ArgumentException($"The collection has no property '{target}'.");
            var sourceProperty = Owner[source] ?? throw new ArgumentException($"The collection has no property '{source}'.");
            targetProperty.ReadOnly = readOnlyFor(sourceProperty.Value);
            ((INotifyPropertyChanged)sourceProperty).PropertyChanged += (_, e) =>
            {
                if (e.PropertyName == nameof(Property.Value))
                    targetProperty.ReadOnly = readOnlyFor(sourceProperty.Value);
            };
        }
    }

    /// <summary>Makes the target read-only while the source check box is ticked (unticked, with inverse).</summary>
    public sealed class ReadOnlyBoundToBooleanRule : PropertyCollectionRule, ICloneable
    {
        private readonly string target;
        private readonly string source;
        private readonly bool inverse;

        public ReadOnlyBoundToBooleanRule(Property targetProperty, BooleanProperty sourceProperty, bool inverse)
            : this(targetProperty.Name, sourceProperty.Name, inverse)
        {
        }

        public ReadOnlyBoundToBooleanRule(object targetPropertyName, object sourceBooleanPropertyName, bool inverse)
        {
            target = targetPropertyName.ToString()!;
            source = sourceBooleanPropertyName.ToString()!;
            this.inverse = inverse;
        }

        public override PropertyCollectionRule Clone() => new ReadOnlyBoundToBooleanRule(target, source, inverse);

        protected override void OnInitialized() => BindReadOnly(target, source, value => (bool)value! != inverse);
    }

    /// <summary>Makes the target read-only while the source holds one of the given values (any other value, with inverse).</summary>
    public sealed class ReadOnlyBoundToValueRule<TValue, TProperty> : PropertyCollectionRule, ICloneable where TProperty : Property<TValue>
    {
        private readonly string target;
        private readonly string source;
        private readonly TValue[] values;
        private readonly bool inverse;

        public ReadOnlyBoundToValueRule(Property targetProperty, TProperty sourceProperty, TValue valueForReadOnly, bool inverse = false)
            : this(targetProperty.Name, sourceProperty.Name, new[] { valueForReadOnly }, inverse)
        {
        }

        public ReadOnlyBoundToValueRule(Property targetProperty, TProperty sourceProperty, TValue[] valuesForReadOnly, bool inverse = false)
            : this(targetProperty.Name, sourceProperty.Name, valuesForReadOnly, inverse)
        {
        }

        public ReadOnlyBoundToValueRule(object targetPropertyName, object sourcePropertyName, TValue valueForReadOnly, bool inverse = false)
            : this(targetPropertyName, sourcePropertyName, new[] { valueForReadOnly }, inverse)
        {
        }

        public ReadOnlyBoundToValueRule(object targetPropertyName, object sourcePropertyName, TValue[] valuesForReadOnly, bool inverse = false)
        {
            target = targetPropertyName.ToString()!;
            source = sourcePropertyName.ToString()!;
            values = (TValue[])valuesForReadOnly.Clone();
            this.inverse = inverse;
        }

        public override PropertyCollectionRule Clone() => new ReadOnlyBoundToValueRule<TValue, TProperty>(target, source, values, inverse);

        protected override void OnInitialized() =>
            BindReadOnly(target, source, value => values.Any(v => Equals(v, value)) != inverse);
    }

    public sealed class PropertyCollection : INotifyPropertyChanged, IEnumerable<Property>, IEnumerable, ICloneable
    {
        private readonly List<Property> properties;
        private readonly List<PropertyCollectionRule> rules;

        public PropertyCollection(IEnumerable<Property> properties) : this(properties, []) { }

        public PropertyCollection(IEnumerable<Property> properties, IEnumerable<PropertyCollectionRule> rules)
        {
            this.properties = properties.ToList();
            var duplicate = this.properties.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new ArgumentException($"Two properties are named '{duplicate.Key}'.", nameof(properties));
            foreach (INotifyPropertyChanged p in this.properties)
                p.PropertyChanged += (sender, e) => PropertyChanged?.Invoke(sender, e);
            this.rules = rules.ToList();
            foreach (var rule in this.rules)
                rule.Initialize(this);
        }

        public event PropertyChangedEventHandler? PropertyChanged;

        public int Count => properties.Count;
        public IEnumerable<Property> Properties => properties;
        public IEnumerable<string> PropertyNames => properties.Select(p => p.Name);
        public IEnumerable<PropertyCollectionRule> Rules => rules;

        public Property? this[object propertyName] => TryGetProperty(propertyName, out var p) ? p : null;

        public bool TryGetProperty(object propertyName, out Property? property)
        {
            var name = propertyName.ToString();
            property = properties.FirstOrDefault(p => p.Name == name);
            return property is not null;
        }

        public PropertyCollection Clone() => new(properties.Select(p => p.Clone()), rules.Select(r => r.Clone()));
        object ICloneable.Clone() => Clone();

        public void CopyCompatibleValuesFrom(PropertyCollection srcProps)
        {
            foreach (var source in srcProps)
                if (TryGetProperty(source.Name, out var target) && target!.ValueType == source.ValueType && !target.ReadOnly)
                    target.Value = source.Value;
        }

        public IEnumerator<Property> GetEnumerator() => properties.GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

namespace PaintDotNet.PropertySystem
{
    /// <summary>An untyped property, for the host's own bookkeeping (control settings); not part of Paint.NET's public API.</summary>
    internal sealed class ObjectProperty : Property
    {
        public ObjectProperty(object name, object? defaultValue)
            : base(name, typeof(object), defaultValue, false, ValueValidationFailureResult.ThrowException)
        {
        }

        public override Property Clone() => new ObjectProperty(Name, DefaultValue) { Value = Value };
        protected override object? OnClampNewValue(object? newValue) => newValue;
    }
}
