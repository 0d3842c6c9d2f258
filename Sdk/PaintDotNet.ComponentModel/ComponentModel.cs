using System;
using System.Runtime.Serialization;

namespace PaintDotNet
{
    public interface IIsDisposed : IDisposable
    {
        bool IsDisposed { get; }
    }

    public interface IInternalImpl
    {
    }
}

namespace PaintDotNet.ComponentModel
{
    public interface IObjectRef : IIsDisposed, IDisposable
    {
        bool? TryCreateRef(Type interfaceType, out IObjectRef? newObjectRef);
    }

    public class RefTrackedObject : IObjectRef, IIsDisposed, IDisposable, ISerializable
    {
        public RefTrackedObject()
        {
        }

        ~RefTrackedObject() => Dispose(false);

        public bool IsDisposed { get; private set; }

        public void Dispose()
        {
            if (IsDisposed) return;
            Dispose(true);
            IsDisposed = true;
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
        }

        public bool? TryCreateRef(Type interfaceType, out IObjectRef? newObjectRef)
        {
            newObjectRef = interfaceType.IsInstanceOfType(this) ? this : null;
            return newObjectRef is not null;
        }

        void ISerializable.GetObjectData(SerializationInfo info, StreamingContext context) =>
            throw new NotSupportedException();
    }
}
